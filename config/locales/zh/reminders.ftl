### reminders (中文); converted from bot/i18n_reminders.py

cmd-reminders = 我的提醒
help-reminders = /reminders — 待处理的提醒：拜访周期、跟进、投诉期限；可推迟或取消
rem-cadence_due =
    ⏰ <b>拜访提醒</b>
    客户：<b>{ $client }</b>
    请在 { $due } 前拜访（还有 { $days } 天）。上次{ $counted ->
        [on_site] 上门拜访
       *[other] 拜访
    }：{ $last }。
rem-cadence_due_today =
    ⏰ <b>拜访提醒</b>
    客户：<b>{ $client }</b>
    今天（{ $due }）是拜访期限。上次{ $counted ->
        [on_site] 上门拜访
       *[other] 拜访
    }：{ $last }。
rem-cadence_overdue =
    ⚠️ <b>拜访已逾期</b>
    客户：<b>{ $client }</b>
    应在 { $due } 前拜访，已逾期 { $days } 天。上次{ $counted ->
        [on_site] 上门拜访
       *[other] 拜访
    }：{ $last }。
rem-never = 尚无记录
rem-follow_up =
    📌 <b>跟进提醒</b>
    客户：<b>{ $client }</b>
    跟进日期：{ $due }
    要做的事：{ $what }
    （来自 { $visited } 的走访）
rem-cp_first_warn =
    ⏳ <b>投诉待首次联系</b> · 工单 #{ $ticket }
    客户：<b>{ $client }</b>（{ $severity }）
    请在 { $due } 前联系客户。
    { $description }
rem-cp_first_breach =
    🚨 <b>投诉首次联系已超时</b> · 工单 #{ $ticket }
    客户：<b>{ $client }</b>（{ $severity }）
    期限 { $due } 已过，请尽快联系客户。
    { $description }
rem-cp_resolve_warn =
    ⏳ <b>投诉即将到期</b> · 工单 #{ $ticket }
    客户：<b>{ $client }</b>（{ $severity }）
    请在 { $due } 前解决。
    { $description }
rem-cp_resolve_breach =
    🚨 <b>投诉处理已超时</b> · 工单 #{ $ticket }
    客户：<b>{ $client }</b>（{ $severity }）
    解决期限 { $due } 已过。{ $also }
    { $description }
rem-cp_first_breach-team =
    🚨 <b>团队投诉超时</b> · 工单 #{ $ticket }
    客户：<b>{ $client }</b>（{ $severity }），负责人：{ $owner }
    首次联系期限 { $due } 已过。
    { $description }
rem-cp_resolve_breach-team =
    🚨 <b>团队投诉超时</b> · 工单 #{ $ticket }
    客户：<b>{ $client }</b>（{ $severity }），负责人：{ $owner }
    解决期限 { $due } 已过。{ $also }
    { $description }
rem-first_also_missed = 首次联系期限 { $due } 也已过，还没有联系客户。
rem-late = <i>（延迟送达，原定 { $at }）</i>
rem-group = ⚠️ <b>{ $count } 个客户需要拜访</b>
rem-group_overdue = • { $client }：已逾期 { $days } 天{ $never }
rem-group_due = • { $client }：{ $due } 到期
rem-group_more = ……还有 { $count } 个
rem-group_hint = 点客户名记录拜访；发送 /reminders 推迟或取消。
rem-btn-done = ✅ 完成
rem-btn-snooze = ⏰ 稍后
rem-btn-visit = 📝 记录拜访
rem-btn-seen = ✅ 知道了
rem-btn-1 = 1 天
rem-btn-3 = 3 天
rem-btn-7 = 1 周
rem-btn-back = ↩️ 返回
rem-btn-cancel_n = ✖ { $n }
rem-btn-snooze_n = ⏰ { $n }
rem-btn-change_n = 🕘 { $n }
# A /reminders button's subject: the client (one line per client's visit cadence) and which
# of its reminders, so a follow-up and a ticket's four deadlines differ.
rem-btn-subject-cadence_due = { $client }
rem-btn-subject-cadence_overdue = { $client }
rem-btn-subject-follow_up = { $client } · 跟进
rem-btn-subject-cp_first_warn = #{ $ticket } { $client } · 首次联系
rem-btn-subject-cp_first_breach = #{ $ticket } { $client } · 首次联系超时
rem-btn-subject-cp_resolve_warn = #{ $ticket } { $client } · 解决
rem-btn-subject-cp_resolve_breach = #{ $ticket } { $client } · 解决超时
rem-done = ✅ 已完成
rem-done_cadence = ✅ 好的。拜访后请记录下来：拜访周期从记录的日期重新计算。
rem-cancelled = ✖ 已取消这条提醒
rem-snoozed = ⏰ 已推迟到 { $until }
rem-choose_snooze = 推迟多久？
rem-stale-visit_logged = 这条提醒已不适用：该客户已经记录了新的拜访。
rem-stale-client_moved = 这条提醒已不适用：该客户已不由您负责。
rem-stale-visit_changed = 这条提醒已不适用：那次走访的跟进日期已修改，或记录已删除。
rem-stale-complaint_handled = 这条提醒已不适用：投诉已处理。
rem-stale-deadline_passed = 这条提醒已不适用：期限已过，超时提醒会另行告知。
rem-stale-complaint_responded = 这条提醒已不适用：已经联系过客户。
rem-stale-complaint_reopened = 这条提醒已不适用：投诉已重新打开，期限已更新。
rem-stale-already_done = 这条提醒已经完成了。
rem-stale-already_cancelled = 这条提醒已经取消了。
rem-stale-other = 这条提醒已经处理过了。
rem-not_found = 找不到这条提醒。
rem-list-title = 🔔 <b>待处理的提醒</b>（{ $count }）
rem-list-empty = 没有待处理的提醒。拜访周期、跟进日期和投诉期限到了，我会提醒您。
rem-list-more = ……还有 { $count } 条
rem-list-title_by = 🔔 <b>{ $day } 前到期的事项</b>（含已逾期的）：{ $count } 条
rem-list-empty_by = { $day } 前没有到期的事项，也没有逾期的。
rem-list-empty_by_later = { $day } 前没有到期的事项，也没有逾期的；之后还有 { $later } 条提醒（/reminders 列出全部）。
rem-list-later = 之后到期的还有 { $later } 条：/reminders 列出全部。
rem-list-hint = ⏰ 推迟，✖ 取消，🕘 改时间（您自己设的提醒；按钮上写着是哪一条）。
rem-list-at = （{ $at } 提醒）
rem-short-cadence_due = ⏰ { $client }：{ $due } 前拜访
rem-short-cadence_overdue = ⚠️ { $client }：拜访已逾期 { $days } 天
rem-short-follow_up = 📌 { $client }：{ $due } 跟进
rem-short-cp_first_warn = ⏳ 工单 #{ $ticket } { $client }：{ $due } 前首次联系
rem-short-cp_first_breach = 🚨 工单 #{ $ticket } { $client }：首次联系已超时
rem-short-cp_resolve_warn = ⏳ 工单 #{ $ticket } { $client }：{ $due } 前解决
rem-short-cp_resolve_breach = 🚨 工单 #{ $ticket } { $client }：解决已超时
rem-short-cp_first_breach_pending = 🚨 工单 #{ $ticket } { $client }：{ $due } 时若仍未首次联系，提醒超时
rem-short-cp_resolve_breach_pending = 🚨 工单 #{ $ticket } { $client }：{ $due } 时若仍未解决，提醒超时
dg-title = ☀️ <b>今日提醒</b> · { $day }
dg-title_team = ☀️ <b>团队今日异常</b> · { $day }
dg-follow_ups = 📌 <b>今天要跟进</b>（{ $count }）
dg-follow_up_line = • { $client }：{ $what }
dg-follow_up_line_day_off = • { $client }（{ $due }，假期中到期）：{ $what }
dg-tasks = ⏰ <b>今天您设的提醒</b>（{ $count }）
dg-task_line = • { $at } { $text }
dg-overdue = ⚠️ <b>拜访已逾期</b>（{ $count }）
dg-overdue_line = • { $client }：逾期 { $days } 天
dg-due_week = ⏰ <b>{ $days } 天内到期</b>（{ $count }）
dg-due_line = • { $client }：{ $due }
dg-complaints = 🚨 <b>投诉期限</b>（{ $count }）
dg-complaint_line = • 工单 #{ $ticket } { $client }：{ $stage }期限 { $due }
dg-complaint_breached = • 工单 #{ $ticket } { $client }：{ $stage }已超时（{ $due }）
dg-resolve_also = ；解决期限 { $due }
dg-resolve_also_breached = ；解决期限也已超时（{ $due }）
dg-stage-response = 首次联系
dg-stage-resolution = 解决
dg-stage-callback = 回访
dg-team_overdue = ⚠️ <b>逾期未拜访的客户</b>：共 { $count } 个
dg-manager_line = • { $name }：{ $count } 个
dg-more = ……还有 { $count } 个
dg-told_some = ……另有 { $count } 个已在今天早些时候的拜访提醒中列出
dg-told_all = 均已在今天早些时候的拜访提醒中列出（{ $count } 个）
dg-footer = 发送 /reminders 查看和管理提醒。

## A reminder the user asked for
rem-task =
    ⏰ <b>提醒</b>
    { $text }
rem-task_client =
    ⏰ <b>提醒</b>
    客户：<b>{ $client }</b>
    { $text }
rem-short-task = ⏰ { $when } { $text }
rem-short-task_client = ⏰ { $when } { $text }（{ $client }）
rem-btn-subject-task = { $client } · 提醒
