### summary (中文); converted from bot/i18n_summary.py

cmd-summary = 团队/个人汇总
help-summary = /summary [week|month|quarter|year|2026-11-01 2026-11-15] — 走访、覆盖率、超期、投诉和风险客户汇总；也可以直接问，例如“本周张三拜访了几个客户？”
help-export_all = /export visits|complaints|clients [本月] — 导出走访记录、投诉工单或客户档案（XLSX）
sum-usage = 用法：<code>/summary</code>、<code>/summary week</code>、<code>/summary month</code>、<code>/summary quarter</code>、<code>/summary year</code>、<code>/summary today</code>、<code>/summary yesterday</code>，也可以写 <code>今天</code>、<code>昨天</code>、<code>上周</code>、<code>上月</code>、<code>上季度</code>、<code>今年</code>、<code>去年</code>，或写起止日期：<code>/summary 2026-11-01 2026-11-15</code>，一天：<code>/summary 2026-11-28</code>，或一个月：<code>/summary 2026-10</code>。
period-d0 = 今天
period-d--1 = 昨天
period-d--2 = 前天
period-d--3 = 大前天
period-w0 = 本周
period-w--1 = 上周
period-w--2 = 上上周
period-m0 = 本月
period-m--1 = 上月
period-m--2 = 上上月
period-q0 = 本季度
period-q--1 = 上季度
period-y0 = 今年
period-y--1 = 去年
period-n1 = 1月
period-n2 = 2月
period-n3 = 3月
period-n4 = 4月
period-n5 = 5月
period-n6 = 6月
period-n7 = 7月
period-n8 = 8月
period-n9 = 9月
period-n10 = 10月
period-n11 = 11月
period-n12 = 12月
period-range = 所选时段
period-other = { $start } ~ { $end }
period-with_days = { $period }（{ $start } ~ { $end }）
period-with_day = { $period }（{ $day }）
sum-title-mine = 📊 <b>我的工作汇总</b> · { $name }
sum-title-team = 📊 <b>团队汇总</b> · { $name }
sum-title-team_unnamed = 📊 <b>团队汇总</b>
sum-title-all = 📊 <b>全公司汇总</b>
sum-title-person = 📊 <b>{ $name } 的工作汇总</b>
sum-span = { $period }：{ $start } ~ { $end }
sum-span_to_date = { $period }：{ $start } ~ { $end }（截至 { $as_of }）
sum-span_day = { $period }：{ $day }
sum-span_day_dated = 日期：{ $day }
sum-state_as_of = （覆盖率、超期和风险客户按 { $day } 计）
sum-visits = <b>走访（按走访人计）</b>：共 { $visits } 次，涉及 { $clients } 个客户
sum-manager_line = • { $name }：本人走访 { $visits } 次 / { $clients } 个客户 · 名下客户在走访周期内 { $coverage } · 超期 { $overdue }
sum-manager_line_short = • { $name }：本人走访 { $visits } 次 / { $clients } 个客户（名下无客户）
sum-team_line = <b>{ $team }</b>：成员走访 { $visits } 次 · 名下客户在走访周期内 { $coverage } · 超期 { $overdue }
sum-no_team = 未分组
sum-coverage = <b>名下客户覆盖率</b>：{ $share }（{ $covered }/{ $clients } 个客户在走访周期内，不论由谁走访；计入走访周期：{ $kinds }）
sum-coverage_none = <b>名下客户覆盖率</b>：名下暂无客户
sum-no_clients_mine = <b>名下客户</b>：您名下还没有客户。管理员导入客户名单（或把客户分配给您）后，这里会显示覆盖率、超期和风险客户。
sum-no_clients = <b>名下客户</b>：还没有客户。管理员导入客户名单（或把客户分配给团队成员）后，这里会显示覆盖率、超期和风险客户。
sum-overdue_header = <b>超期未走访</b>：{ $count } 个客户，最严重的：
sum-overdue_none = <b>超期未走访</b>：没有 👍
sum-overdue_line = { $n }. { $name }（{ $owner }）超期 { $days } 天
sum-overdue_line_own = { $n }. { $name } 超期 { $days } 天
sum-more = ……还有 { $count } 个，点下方按钮查看全部。
sum-complaints = <b>投诉</b>：新增 { $opened } · 解决 { $resolved } · 未结 { $open }
sum-complaints_past_due = （其中 { $count } 件已超过解决期限）
sum-on_time = 按期解决率 { $share }（{ $on_time }/{ $resolved }）
sum-on_time_none = 按期解决率：本期没有解决的投诉
sum-response = 首次响应中位数 { $hours } 小时（{ $on_time }/{ $responded } 件按期响应）
sum-response_none = 首次响应：本期没有记录
sum-response_missed = ；{ $count } 件超过首次联系期限仍未联系客户
sum-risk_header = <b>风险客户</b>：{ $count } 个
sum-risk_none = <b>风险客户</b>：没有
sum-risk_line = { $n }. { $name }（{ $owner }）：{ $reasons }
sum-risk_line_own = { $n }. { $name }：{ $reasons }
sum-reason-poor_rating = 信誉差
sum-reason-overdue = 超期 { $days } 天未走访
sum-reason-open_complaints = { $count } 件投诉未结
sum-reason-develop_stale = 发展客户，已 { $days } 天未{ $counted ->
        [on_site] 上门走访
       *[other] 走访
    }
sum-reason-develop_never = 发展客户，从未{ $counted ->
        [on_site] 上门走访
       *[other] 走访
    }
sum-reason-develop_short = 发展客户，需加倍走访
sum-reason_sep = 、
sum-btn-visits = 📋 走访 { $count }
sum-btn-uncovered = 🕳 未覆盖 { $count }
sum-btn-overdue = ⏰ 超期 { $count }
sum-btn-risk = ⚠️ 风险 { $count }
sum-btn-open = 📨 未结投诉 { $count }
sum-btn-opened = 📥 新增投诉 { $count }
sum-btn-resolved = ✅ 已解决 { $count }
sum-btn-clients = 👥 客户清单
sum-btn-manager = 👤 { $name }
sum-btn-chart_visits = 📊 走访图
sum-btn-chart_coverage = 📊 覆盖图
sum-btn-chart_complaints = 📊 投诉图
sum-btn-team = ↩ 返回汇总
sum-btn-summary = 📊 完整汇总
sum-btn-next = 下一页 ▶
sum-btn-item = { $n }
sum-list-v = 📋 <b>走访明细</b>
sum-list-u = 🕳 <b>未在走访周期内的客户</b>
sum-list-od = ⏰ <b>超期未走访的客户</b>
sum-list-rk = ⚠️ <b>风险客户</b>
sum-list-oc = 📨 <b>未结投诉</b>
sum-list-co = 📥 <b>新增投诉</b>
sum-list-cr = ✅ <b>已解决的投诉</b>
sum-list-cl = 👥 <b>客户清单</b>
sum-most_complaints = 📨 <b>投诉最多的客户</b> · { $period }
sum-item-client_complaints = { $n }. { $name }（{ $owner }）：{ $count } 件投诉，其中 { $open } 件未结
sum-item-client_complaints_own = { $n }. { $name }：{ $count } 件投诉，其中 { $open } 件未结
sum-list-ns = 🕰 <b>{ $days } 天以上未走访的客户</b>（从最近一次计入走访周期的走访算起，从未走访的从建档日算起）
sum-list-nv = 🕳 <b>{ $start } 以来未走访的客户</b>（只算计入走访周期的走访）
sum-list-nv_in = 🕳 <b>{ $start } ~ { $end } 没有走访的客户</b>（只算计入走访周期的走访）
sum-list-du = 📅 <b>截至 { $end } 需走访的客户</b>（含已超期）
sum-list-du_today = 📅 <b>今天需走访的客户</b>（今天到期和已超期）
sum-list-gp_rating = 🏷 <b>信誉等级为“{ $value }”的客户</b>
sum-list-gp_tier = 🏷 <b>{ $value }</b>
sum-list_header = { $title }{ $who } · { $period }：共 { $total } 条
sum-list_header_now = { $title }{ $who }：共 { $total } 条
sum-list_header_as_of = { $title }{ $who } · 截至 { $day }：共 { $total } 条
sum-list_who = {" "}· { $name }
sum-by_manager = 按客户经理：{ $counts }
sum-by_manager_overdue = 超期未走访的客户，按客户经理：{ $counts }
sum-by_manager_at_risk = 风险客户，按客户经理：{ $counts }
sum-by_manager_item = { $name } { $count }
sum-list_range = 第 { $first }–{ $last } 条，点编号查看客户档案：
sum-list_empty = 没有符合条件的记录。
sum-list_no_clients = 您名下还没有客户。管理员导入客户名单（或把客户分配给您）后，客户会出现在这里。
sum-item-visit = { $n }. { $date } { $client }（{ $author }，{ $kind }）：{ $summary }
sum-item-client = { $n }. { $name }（{ $owner }）：{ $state }
sum-item-client_reasons = { $n }. { $name }（{ $owner }）：{ $reasons }
sum-item-client_own = { $n }. { $name }：{ $state }
sum-item-client_reasons_own = { $n }. { $name }：{ $reasons }
sum-item-complaint = { $n }. { $date } { $client }（{ $owner }）· { $severity } · { $status }：{ $description }{ $late }
sum-late = {" "}⚠️已超期
sum-state-overdue = 超期 { $days } 天
sum-state-due_in = { $days } 天内需走访
sum-state-risk = {" "}· ⚠️ { $reasons }
sum-state-due_tomorrow = 明天到期
sum-state-due_today = 今天到期
sum-state-last = ，上次{ $counted ->
        [on_site] 上门走访
       *[other] 走访
    } { $date }
sum-state-never = ，从未{ $counted ->
        [on_site] 上门走访
       *[other] 走访
    }
sum-card-cadence = 走访周期 { $days } 天 · { $state }
sum-card-visits = <b>最近走访</b>
sum-card-visit = • { $date } { $kind } { $author }：{ $summary }
sum-card-no_visits = 最近走访：暂无记录
sum-card-complaints = <b>投诉</b>
sum-card-complaint = • { $date } { $severity } · { $status }：{ $description }{ $late }
sum-card-no_complaints = 投诉：暂无
sum-q-visits_person = <b>{ $name }</b> · { $when }：本人走访 { $visits } 次，拜访了 { $clients } 个客户。
sum-q-no_visits_by = { $when }还没有走访记录：{ $names }
sum-q-everyone_visited = { $when }名下有客户的每个人都有走访记录。
sum-q-fewest_visits = { $period }走访最少的是：{ $names }（{ $count } 次）
sum-q-most_visits = { $period }走访最多的是：{ $names }（{ $count } 次）
sum-q-lowest_coverage = 名下客户覆盖率最低的是：{ $names }（{ $share }）
sum-q-highest_coverage = 名下客户覆盖率最高的是：{ $names }（{ $share }）
sum-q-own_only = 团队和同事的数据只有主管可以查看；以下是您本人的数据。
sum-q-group_only = 按信誉等级或客户类型暂时还不能统计走访次数、覆盖率或投诉数。下面是这些客户的清单，每行写明走访状态，超期的排在最前。
sum-q-no_person = 在您可查看的范围内没有找到“{ $name }”，以下是您可查看的全部数据。
sum-q-renamed = “{ $old }”已更名为“{ $name }”，以下是{ $name }的数据。
sum-chart-visits_title = 每周走访次数（按走访人）
sum-chart-visits_axis = 走访次数
sum-chart-total = { $weeks }周合计
sum-chart-coverage_title = 名下客户走访覆盖率（按客户类型）
sum-chart-coverage_axis = 在走访周期内的客户占比（%）
sum-chart-covered = 周期内已走访
sum-chart-not_covered = 未覆盖
sum-chart-overdue_note = 超期 { $overdue }
sum-chart-tier_none = 未分类
sum-chart-complaints_title = 投诉处理情况
sum-chart-ages_title = 未结投诉（按已受理时长）
sum-chart-age0 = 1天内
sum-chart-age1 = 1–3天
sum-chart-age2 = 3–7天
sum-chart-age3 = 7–30天
sum-chart-age4 = 30天以上
sum-chart-unanswered = 尚未首次响应
sum-chart-answered = 已响应、未解决
sum-chart-statuses_title = 本期受理的投诉：当前状态
sum-chart-none_received = 本期没有受理新的投诉
sum-chart-week_through = 至 { $day }
sum-chart-count_axis = 件数
sum-chart-no_data = 暂无数据
sum-chart-weeks = 近 { $weeks } 周：{ $start } ~ { $end }
sum-chart-caption_visits = 📊 每周走访次数，按走访人计（近 { $weeks } 周）
sum-chart-caption_coverage = 📊 名下客户走访覆盖率（按客户类型，不论由谁走访）· { $period }
sum-chart-caption_complaints = 📊 投诉按状态和时长 · { $period }
sum-export-choose = 要导出什么？点一项即可得到全部记录的表格；也可以输入 <code>/export visits 本月</code> 只导出某个时期，加 <code>csv</code> 得到 CSV 文件。
sum-export-usage = 用法：<code>/export visits</code>、<code>/export complaints 本月</code>、<code>/export clients</code>；可加 <code>week</code>/<code>month</code>/<code>quarter</code>/<code>上月</code> 或起止日期（<code>2026-11-01 2026-11-15</code>、<code>2026-10</code>），和 <code>xlsx</code>/<code>csv</code>；主管可加同事姓名、也可加客户名：<code>/export visits 王磊 本月</code>、<code>/export complaints 宝钢</code>。
cmp-between = 两期对比：<b>{ $earlier } → { $later }</b>
cmp-visits = 走访次数（按走访人计）：{ $earlier } → { $later }{ $change }
cmp-clients_visited = 走访过的客户：{ $earlier } → { $later }{ $change }
cmp-person = • { $name }：{ $earlier } → { $later }{ $change }
cmp-coverage = 名下客户覆盖率：{ $earlier } → { $later }{ $change }
cmp-overdue = 超期未走访客户：{ $earlier } → { $later }{ $change }
cmp-at_risk = 风险客户：{ $earlier } → { $later }{ $change }
cmp-opened = 新增投诉：{ $earlier } → { $later }{ $change }
cmp-resolved = 解决投诉：{ $earlier } → { $later }{ $change }
cmp-on_time = 按期解决率：{ $earlier } → { $later }{ $change }
cmp-change = { $direction ->
        [up] （+{ $amount }）
        [down] （−{ $amount }）
       *[same] （持平）
    }
cmp-change_points = { $direction ->
        [up] （+{ $amount } 个百分点）
        [down] （−{ $amount } 个百分点）
       *[same] （持平）
    }
cmp-state_note = 覆盖率、超期和风险客户按各期最后一天计（未过完的一期按今天）。
cmp-btn = 📊 { $period }
