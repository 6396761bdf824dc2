### flows (中文); converted from bot/i18n_flows.py

help-visit = /visit [内容] — 记录走访（一句话或逐步填写）
help-complaint = /complaint [内容] — 登记客户投诉，生成工单
help-visits = /visits [客户] — 最近的走访记录
help-complaints = /complaints [客户] — 未关闭的投诉工单
cmd-visit = 记录走访
cmd-complaint = 登记投诉
cmd-visits = 走访记录
cmd-complaints = 投诉工单
button-skip = 跳过
button-edit = ✏️ 修改
button-back = ↩️ 返回
offer-visit = 这条消息看起来像一份走访记录，要记录下来吗？
offer-yes = 📝 记录走访
offer-complaint = 这条消息看起来像一条客户投诉，要登记吗？
offer-complaint_yes = 📨 登记投诉
offer-visit_and_complaint = 这条消息看起来是一次走访，其中提到了客户的投诉或不满。先记录走访，保存后再问您要不要登记投诉？
offer-complaint_only = 📨 只登记投诉
offer-mark_responded = ✅ 标记工单 #{ $id } 已联系客户
offer-no = 不用
offer-declined = 好的，没有记录。
visit-ask_client = 走访的是哪个客户？请输入客户名称的一部分（拼音或首字母也可以），或从下面选择：
visit-ask_client_pick = “{ $query }”可能是以下哪个客户？
visit-ask_client_several = 这条消息提到了 { $count } 个客户，一条走访记录只记一个客户。先记录哪一个？其他客户的走访，请保存这条后另发一条消息。
visit-client_unknown = 没有在您的客户中找到“{ $query }”。
visit-no_clients = 您名下还没有客户，暂时没有可以记录走访的客户。管理员导入客户名单（或把客户分配给您）后就可以记录了；发送 /clients 查看您的客户。
visit-ask_when = 什么时候走访的？可以输入“昨天下午”“上周五”“11月20日”，或点按钮：
visit-today = 今天
visit-yesterday = 昨天
visit-ask_when_vague = “{ $phrase }”是哪一天？请点选，或输入日期（如“11月20日”）：
visit-day_option = { $date } { $wd ->
        [mon] 周一
        [tue] 周二
        [wed] 周三
        [thu] 周四
        [fri] 周五
        [sat] 周六
       *[sun] 周日
    }
visit-date_future = 走访日期 { $date } 还没到，只能记录已经发生的走访。请重新输入日期：
visit-time_not_yet =
    您写的是今天{ $time ->
        [morning] 上午
        [afternoon] 下午
        [evening] 晚上
       *[other] { $time }
    }，现在才 { $now }，只能记录已经发生的走访。是昨天的话点“昨天”，或者输入别的日期：
visit-no_such_day = 日历上没有“{ $text }”这一天，请重新输入走访日期：
visit-bad_date = 没看懂日期“{ $text }”，请用“昨天”“上周五”“11月20日”或 2026-11-20 这样的写法。
visit-follow_up_past = 跟进日期不能早于今天。
visit-ask_kind = 走访方式？
visit-location_hint = （可以发送当前位置签到）
visit-location_saved = 📍 已记录位置。
visit-location_no_flow = 已收到位置。要签到走访，请先发送 /visit。
visit-ask_people = 见了哪些人？例如：张总（设备部）、李工。没有可以跳过。
visit-ask_summary = 谈了什么？请简要写下走访内容。
visit-ask_next_step = 下一步做什么？例如：下周二前发报价。没有可以跳过。
visit-ask_follow_up = 什么时候跟进？例如：下周二、月底、两周内。没有可以跳过。
visit-ask_edit = 要修改哪一项？
visit-field-client = 客户
visit-field-when = 时间
visit-field-kind = 方式
visit-field-people = 人员
visit-field-summary = 内容
visit-field-next_step = 下一步
visit-field-follow_up = 跟进日期
visit-use_buttons = 请点下面的按钮，或发送 /cancel 放弃这条记录。
visit-too_long = 内容太长了（{ $length } 字），请精简到 { $limit } 字以内。
visit-saved = { $edited ->
        [yes] ✅ 已修改走访记录 #{ $id }。
       *[other] ✅ 已保存走访记录 #{ $id }。
    }
visit-follow_up_set = ⏰ 将在 { $date } 提醒您跟进。
visit-not_editable = 这条走访记录已不能修改（只有作者可在 24 小时内修改或删除）。
visit-already_deleted = 走访记录 #{ $id } 已经删除，不能再修改。
visit-deleted = 🗑 已删除走访记录 #{ $id }。
visit-delete_confirm = 删除走访记录 #{ $id }（{ $client }，{ $date }）？删除后无法恢复。
visit-delete_kept = 好的，走访记录 #{ $id } 保留不变。
visit-undo_none = 没有可以删除的走访记录：只有作者可在保存后 24 小时内删除。发送 /visits 查看最近的走访记录。
card-visit-title = 📝 <b>走访记录草稿</b>
card-visit-title_edit = ✏️ <b>修改走访记录 #{ $id }</b>（确认后才保存）
card-visit-saved_title = 📝 <b>走访 #{ $id }</b>（{ $author }）
card-visit-client = 客户：{ $value }
card-visit-when = 时间：{ $value }
card-visit-time_guessed = （没说上午还是下午，按 { $time } 理解；不对请点“修改”说明）
card-visit-kind = 方式：{ $value }
card-visit-people = 人员：{ $value }
card-visit-summary = 内容：{ $value }
card-visit-next_step = 下一步：{ $value }
card-visit-follow_up = 跟进日期：{ $value }
card-visit-follow_up_other = （“next”也可能指本周的 { $other }；要改请输入“跟进日期改成 { $day }”）
card-visit-distance = 📍 签到位置距客户 { $value }
card-visit-location = 📍 已签到位置（客户未登记坐标）
card-visit-truncated = ⚠️ 内容过长，已截取前 2000 字。
card-visit-same_day = ⚠️ 这一天这个客户已有走访记录 #{ $id }（{ $author }）。如果是同一次走访，请点“取消”，以免重复计数。
card-visit-confirm_hint = 确认无误请点“确认”，保存前不会记录任何内容。
card-visit-confirm_hint_edit = 确认无误请点“确认”；点“取消”则原记录保持不变。
visits-none = 还没有走访记录。发送 /visit 记录一次走访。
visits-header = 最近 { $count } 条走访记录（点编号查看全文、修改或删除）：
visits-line = { $n }. { $when } · <b>{ $client }</b> · { $kind }{ $author }
visits-line_author = （{ $name }）
visits-line_what = { $people }{ $summary }
visits-line_people = 见 { $people }：
visits-line_next = ➡ 下一步：{ $step }{ $follow }
visits-line_follow = （跟进 { $date }）
visits-line_follow_only = ➡ 跟进日期：{ $date }
visits-not_found = 这条走访记录已不存在或已删除。
visits-edit = ✏️ 修改
visits-delete = 🗑 删除
visits-delete_yes = 🗑 确认删除
complaint-ask_client = 哪个客户投诉？请输入客户名称的一部分（拼音或首字母也可以），或从下面选择：
complaint-no_clients = 您名下还没有客户，暂时没有可以登记投诉的客户。管理员导入客户名单（或把客户分配给您）后就可以登记了；发送 /clients 查看您的客户。
complaint-ask_category = 投诉类别？
complaint-ask_severity = 严重程度？
complaint-ask_description = 请描述投诉内容：
complaint-ask_received_by = 投诉是谁受理的？输入姓名，或点“我”。
complaint-kept_as_description = 📝 这段话已记作投诉描述（确认前可在卡片上看到和修改）。
complaint-added_to_description = 📝 这段话已补充到投诉描述里（确认前可在卡片上看到和修改）。
visit-kept_as_summary = 📝 这段话已记作走访内容（确认前可在卡片上看到和修改）。
visit-added_to_summary = 📝 这段话已补充到走访内容里（确认前可在卡片上看到和修改）。
visit-kept_as_next_step = 📝 这段话已记作下一步（确认前可在卡片上看到和修改）。
visit-added_to_next_step = 📝 这段话已补充到下一步里（确认前可在卡片上看到和修改）。
visit-next_step_is_report = 📝 这段话已整段记作下一步。它读起来像一份完整的走访记录：要改作走访内容吗？
visit-use_as_summary = 📝 改作走访内容
visit-moved_to_summary = 📝 已改作走访内容，下一步另问。
complaint-ask_received_on = 投诉是哪天受理的？输入日期（如 11月25日、昨天、上周五），或点下方按钮。处理期限从这天起算。
complaint-received_today = 今天
complaint-received_yesterday = 昨天
complaint-received_on_unclear = 没看懂“{ $text }”是哪一天。请输入日期，如 11月25日、昨天、2026-11-25。
complaint-received_future = 受理日期不能晚于今天（{ $date } 还没到）。
complaint-received_before_client = { $date } 早于{ $client }建档的日期（{ $since }），请检查受理日期。
complaint-received_too_old = { $date } 距今已超过 { $days } 天，投诉应在受理后及时登记，请检查受理日期。
complaint-received_on_set =
    受理日期改为 { $date }，期限按规定重新计算：
    首次联系客户期限：{ $first_response_due }
    解决期限：{ $resolution_due }
complaint-me = 我
card-complaint-title = 📣 <b>投诉工单草稿</b>
card-complaint-client = 客户：{ $value }
card-complaint-category = 类别：{ $value }
card-complaint-severity = 严重程度：{ $value }
card-complaint-description = 描述：{ $value }
card-complaint-received_by = 受理人：{ $value }
card-complaint-received_by_called = 受理人：{ $value }（客户来电，默认是您接的；不是的话点“修改”）
card-complaint-received_on = 受理日期：{ $value }（走访当天当面受理，记为已联系客户；解决期限从这天起算）
card-complaint-received_on_set = 受理日期：{ $value }（期限从这天起算）
complaint-saved =
    ✅ 已保存投诉工单 #{ $id }。
    首次联系客户期限：{ $first_response_due }
    解决期限：{ $resolution_due }
complaint-saved_met =
    ✅ 已保存投诉工单 #{ $id }。
    首次联系：{ $met_on } 走访时已当面受理，记为已联系客户。
    解决期限：{ $resolution_due }
complaint-resolution_due_passed = ⚠️ 解决期限已过，请尽快处理；处理完在 /complaints 里点“已解决”。
complaint-saved_again = ✅ 投诉工单 #{ $id } 已保存。
complaint-first_due_passed = ⚠️ 首次联系客户期限已过，请尽快联系客户；联系后在 /complaints 里标记“已联系客户”。
complaint-estimated = ⚠️ 期限所在年份的节假日安排尚未公布，暂按周一至周五计算，法定节假日不计（以公布的调休为准）。
complaint-escalated =
    🚨 { $level ->
        [critical] 紧急投诉
       *[other] 投诉上报
    } #{ $id }：{ $client }（{ $severity }），客户经理 { $owner }。
    { $description }
    首次联系期限：{ $first_response_due }
complaint-escalated_passed = ⚠️ 这个期限已过，客户还没有被联系。
complaint-ask_resolution = 工单 #{ $id }：请写下处理结果：
complaint-now_responded = ✅ 工单 #{ $id } 已标记为已响应。
complaint-now_resolved = ✅ 工单 #{ $id } 已解决。回访客户后，请记录满意度（1-5 分）：
complaint-now_closed = ✅ 工单 #{ $id } 已关闭，满意度已记录。
complaint-now_reopened =
    ⚠️ 工单 #{ $id } 回访得分 { $score } 分，视为客户不满意：按规定已重新打开，由主管督办。
    新的解决期限：{ $resolution_due }
    重新处理完毕后请再标记“已解决”，并再次回访客户。
complaint-already = 工单 #{ $id } 当前状态不能进行这个操作。
complaints-none = 没有未关闭的投诉工单。
complaints-header = 未关闭的投诉工单 { $count } 个（最紧急的在前）：
complaints-none_of_client = { $client } 没有未关闭的投诉工单。
complaints-header_of_client = { $client } 未关闭的投诉工单 { $count } 个（最紧急的在前）：
complaints-late_none = 没有已超期的。
complaints-late_count = 其中 { $count } 个已超期（⚠️）。
complaints-late_header = 已超期的投诉工单 { $count } 个（未关闭的共 { $open } 个，最紧急的在前）：
complaints-shown = 这里列出最紧急的 { $shown } 个；全部工单请用 /export complaints 导出。
complaints-due-response = 首次联系期限 { $due } { $left }
complaints-due-resolution = 解决期限 { $due } { $left }
complaints-due-both = 联系并解决期限 { $due } { $left }
complaints-due-callback = 回访期限 { $due } { $left }
complaints-client_owner = { $client }（{ $owner }）
complaints-item =
    <b>#{ $id }</b> { $client } · { $severity } · { $status }
    { $deadlines }
    { $description }
complaints-item_to_score =
    <b>#{ $id }</b> { $client } · { $severity } · { $status }
    { $description }
    处理结果：{ $resolution }
    回访期限 { $due } { $left }
    回访客户后，请按客户的满意度打分（1 最不满意，5 最满意）：
complaints-item_closed =
    <b>#{ $id }</b> { $client } · { $severity } · { $status }
    { $description }
    处理结果：{ $resolution }
    满意度：{ $score }
complaints-ticket_not_found = 没有找到您可以查看的投诉工单 #{ $id }。发送 /complaints 查看未关闭的工单。
complaints-left = （还剩 { $hours } 小时）
complaints-overdue = ⚠️（已超期 { $hours } 小时）
complaints-left_under_hour = （还剩不到 1 小时）
complaints-overdue_under_hour = ⚠️（已超期，不到 1 小时）
complaints-left_days = （还剩 { $days } 天）
complaints-overdue_days = ⚠️（已超期 { $days } 天）
complaints-respond = 已联系客户
complaints-resolve = 已解决
flow-expired = 您的{ $kind }草稿超过 30 分钟没有操作，已结束，没有保存。草稿内容：{ $summary }
flow-resumed = 机器人刚刚重启，您未完成的{ $kind }草稿已保留，可以继续：
flow-restarted_visit = 机器人刚刚重启，您未完成的走访记录草稿已保留，可以继续：
flow-restarted_complaint = 机器人刚刚重启，您未完成的投诉草稿已保留，可以继续：
flow-restarted_card = 机器人刚刚重启，您未完成的名片联系人草稿已保留，可以继续：
flow-restarted_task = 机器人刚刚重启，您未完成的提醒草稿已保留，可以继续：
flow-again_visit = 刚才这条消息没有处理完，现已重新处理。您未完成的走访记录草稿已保留，可以继续：
flow-again_complaint = 刚才这条消息没有处理完，现已重新处理。您未完成的投诉草稿已保留，可以继续：
flow-again_card = 刚才这条消息没有处理完，现已重新处理。您未完成的名片联系人草稿已保留，可以继续：
flow-again_task = 刚才这条消息没有处理完，现已重新处理。您未完成的提醒草稿已保留，可以继续：
flow-kind-visit = 走访记录
flow-kind-complaint = 投诉
flow-kind-offer = 走访记录
flow-another_report = 这像是一份新的{ $what ->
        [visit] 走访记录
       *[complaint] 投诉
    }。上一份{ $kind ->
        [visit] 走访记录
       *[complaint] 投诉工单
    }草稿（{ $client }）还没有保存，要怎么处理？
flow-another_report_unfinished = 这像是一份新的{ $what ->
        [visit] 走访记录
       *[complaint] 投诉
    }，而上一份{ $kind ->
        [card] 名片联系人
        [visit] 走访记录
       *[complaint] 投诉工单
    }草稿还没填完。要放弃上一份，记录这一份吗？
flow-save_and_next = ✅ 保存上一份，再记录这一份
flow-drop_and_next = 🗑 放弃上一份，记录这一份
flow-kept_for_later = 好的，先把这份草稿填完。您刚发的那份{ $what ->
        [visit] 走访记录
       *[complaint] 投诉
    }我先留着，这份保存或放弃后再问您要不要记录。
flow-later_offered = 您之前留着的那份还没记录：
    「{ $text }」
flow-still_waiting_visit = 📝 您的走访记录草稿还在，接着上一步：
flow-still_waiting_complaint = 📣 您的投诉草稿还在，接着上一步：
flow-still_waiting_card = 📇 您的名片联系人草稿还在，接着上一步：
flow-use_aside_visit = 📝 刚才那句就是走访内容
flow-use_aside_complaint = 📣 刚才那句就是投诉内容
flow-still_waiting_resolution = ✅ 工单还在等您写处理结果，接着上一步：
flow-use_aside_resolution = ✅ 刚才那句就是处理结果

## A reminder asked for in words ("提醒我周四给沙钢打电话")
task-ask_when = ⏰ 什么时候提醒您“{ $text }”？可以输入“周四”“明天下午3点”“12月5日”。
task-when_unclear = 没看懂是哪一天。请输入日期，例如“周四”“明天下午3点”“12月5日”；或点“取消”。
task-time_passed = 这个时间已经过了。什么时候提醒您“{ $text }”？
task-btn_tomorrow = 明天 { $time }
task-confirm =
    ⏰ <b>提醒草稿</b>
    时间：{ $when }{ $note }
    客户：{ $client }
    内容：{ $text }
    确认后才会设置。
task-confirm_plain =
    ⏰ <b>提醒草稿</b>
    时间：{ $when }{ $note }
    内容：{ $text }
    确认后才会设置。
task-saved = ✅ 已设置提醒：{ $when } 提醒您“{ $text }”。发送 /reminders 可查看或取消。
task-client_gone = 客户“{ $client }”已不在您的客户中，提醒没有设置。
task-once_only = ⚠️ 暂时不能设重复提醒：先为您设下一次，到时可以再设。
task-moved = ✅ 已改好：{ $when } 提醒您“{ $text }”。
task-change_when = ⏰ “{ $text }”现在定在 { $was } 提醒。改到什么时候？可以输入“周四”“明天下午3点”“12月5日”。
task-which_client = 👥 “{ $text }”是哪个客户的？
task-btn-no_client = 不关联客户
task-btn-other_half = 🔁 改为 { $time }
task-btn-other_day = 🔁 改为 { $day }
# 在周二说 "next Friday"：可能指本周五或下周五；卡片写明按哪天，另一天一键可改。
task-day_guessed = （“next”可能指本周或下周：要 { $other } 请点 🔁）
# An hour said without 上午/下午 ("5点"): how it was read, the other half a button away.
task-half_guessed = （没说上午还是下午，按 { $time } 理解；不对请点“改为 { $other }”）
flow-kind-task = 提醒
