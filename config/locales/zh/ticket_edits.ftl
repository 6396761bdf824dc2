# Correcting a saved complaint ticket, and resolving one with a note (confirmed by a button).
complaints-edit = ✏️ 修改
card-complaint-title_edit = ✏️ <b>修改投诉工单 #{ $id }</b>（确认后才保存）
complaint-edited = ✅ 投诉工单 #{ $id } 已修改：{ $fields }。
complaint-deadlines_moved =
    期限已按修改后的工单重新计算：
    首次联系客户期限：{ $first_response_due }
    解决期限：{ $resolution_due }
complaint-edit_nothing = 投诉工单 #{ $id } 没有改动，未保存。
complaint-edit_closed = 投诉工单 #{ $id } 已关闭超过 { $days } 天，不能再修改。
complaint-resolve_confirm =
    将投诉工单 #{ $id }（{ $client }）标记为已解决？
    处理结果：{ $resolution }
complaint-edit_stale = 投诉工单 #{ $id } 在您修改期间已被他人更改，这次修改未保存。请在 /complaints 中重新打开后再改。
card-complaint-closed_on = 🔒 已于 { $date } 关闭：可更正客户、类别、内容和受理人；状态、满意度、关闭时间，以及考核时限所依据的严重程度和受理日期保持不变。这次修改会记入审计日志（修改人、时间、改前改后）。
complaint-closed_fixed = 投诉工单 #{ $id } 已关闭：严重程度和受理日期是考核时限的依据，关闭后不能再改。
