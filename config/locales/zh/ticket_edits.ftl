# Correcting a saved complaint ticket, and resolving one with a note (confirmed by a button).
complaints-edit = ✏️ 修改
card-complaint-title_edit = ✏️ <b>修改投诉工单 #{ $id }</b>（确认后才保存）
complaint-edited = ✅ 投诉工单 #{ $id } 已修改：{ $fields }。
complaint-deadlines_moved =
    期限已按修改后的工单重新计算：
    首次联系客户期限：{ $first_response_due }
    解决期限：{ $resolution_due }
complaint-edit_nothing = 投诉工单 #{ $id } 没有改动，未保存。
complaint-edit_closed = 投诉工单 #{ $id } 已关闭（回访已打分），不能再修改。
complaint-resolve_confirm =
    将投诉工单 #{ $id }（{ $client }）标记为已解决？
    处理结果：{ $resolution }
complaint-edit_stale = 投诉工单 #{ $id } 在您修改期间已被他人更改，这次修改未保存。请在 /complaints 中重新打开后再改。
