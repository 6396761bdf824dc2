### summary (English); converted from bot/i18n_summary.py

cmd-summary = Team or personal summary
help-summary = /summary [week|month|quarter|year|2026-11-01 2026-11-15] — visits, coverage, overdue clients, complaints and clients at risk; or just ask, e.g. “How many visits did my team do this month?”
help-export_all = /export visits|complaints|clients [month] — export visits, complaints or client files (XLSX)
sum-usage = Usage: <code>/summary</code>, <code>/summary week</code>, <code>/summary month</code>, <code>/summary quarter</code>, <code>/summary year</code>, <code>/summary today</code>, <code>/summary yesterday</code>, or <code>last week</code>, <code>last month</code>, <code>last quarter</code>, <code>last year</code>; or dates: <code>/summary 2026-11-01 2026-11-15</code>, a day: <code>/summary 2026-11-28</code>, or a month: <code>/summary 2026-10</code>.
period-d0 = Today
period-d--1 = Yesterday
period-d--2 = The day before yesterday
period-d--3 = Three days ago
period-w0 = This week
period-w--1 = Last week
period-w--2 = The week before last
period-m0 = This month
period-m--1 = Last month
period-m--2 = The month before last
period-q0 = This quarter
period-q--1 = Last quarter
period-y0 = This year
period-y--1 = Last year
period-n1 = January
period-n2 = February
period-n3 = March
period-n4 = April
period-n5 = May
period-n6 = June
period-n7 = July
period-n8 = August
period-n9 = September
period-n10 = October
period-n11 = November
period-n12 = December
period-range = Selected days
period-other = { $start } ~ { $end }
period-with_days = { $period } ({ $start } ~ { $end })
period-with_day = { $period } ({ $day })
sum-title-mine = 📊 <b>My summary</b> · { $name }
sum-title-team = 📊 <b>Team summary</b> · { $name }
sum-title-team_unnamed = 📊 <b>Team summary</b>
sum-title-all = 📊 <b>Company summary</b>
sum-title-person = 📊 <b>Summary for { $name }</b>
sum-span = { $period }: { $start } ~ { $end }
sum-span_to_date = { $period }: { $start } ~ { $end } (to { $as_of })
sum-span_day = { $period }: { $day }
sum-span_day_dated = Day: { $day }
sum-state_as_of = {" "}(coverage, overdue and at-risk as of { $day })
sum-visits =
    <b>Visits made</b> (counted by who made them): { $visits } in all, to { $clients } { $clients ->
        [one] client
       *[other] clients
    }
sum-manager_line =
    • { $name }: made { $visits } { $visits ->
        [one] visit
       *[other] visits
    } / { $clients } { $clients ->
        [one] client
       *[other] clients
    } · own clients within their visit cycle { $coverage } · overdue { $overdue }
sum-manager_line_short =
    • { $name }: made { $visits } { $visits ->
        [one] visit
       *[other] visits
    } / { $clients } { $clients ->
        [one] client
       *[other] clients
    } (owns no clients)
sum-team_line =
    <b>{ $team }</b>: members made { $visits } { $visits ->
        [one] visit
       *[other] visits
    } · own clients within their visit cycle { $coverage } · overdue { $overdue }
sum-no_team = No team
sum-coverage =
    <b>Coverage of owned clients</b>: { $share } ({ $covered }/{ $clients } { $clients ->
        [one] client
       *[other] clients
    } visited within their cadence, by anyone; visits that count: { $kinds })
sum-coverage_none = <b>Coverage of owned clients</b>: no clients yet
sum-no_clients_mine = <b>Owned clients</b>: you have no clients yet. Coverage, overdue and at-risk clients appear here once an admin imports the client list (or assigns clients to you).
sum-no_clients = <b>Owned clients</b>: none yet. Coverage, overdue and at-risk clients appear here once an admin imports the client list (or assigns clients to the team's managers).
sum-overdue_header =
    <b>Overdue for a visit</b>: { $count } { $count ->
        [one] client
       *[other] clients
    }, the worst:
sum-overdue_none = <b>Overdue for a visit</b>: none 👍
sum-overdue_line =
    { $n }. { $name } ({ $owner }) { $days } { $days ->
        [one] day
       *[other] days
    } overdue
sum-overdue_line_own =
    { $n }. { $name }: { $days } { $days ->
        [one] day
       *[other] days
    } overdue
sum-more = …and { $count } more: the button below lists them all.
sum-complaints = <b>Complaints</b>: { $opened } new · { $resolved } resolved · { $open } still open
sum-complaints_past_due = {" "}({ $count } past the resolution deadline)
sum-on_time = Resolved on time { $share } ({ $on_time }/{ $resolved })
sum-on_time_none = Resolved on time: nothing resolved in this period
sum-response = median first response { $hours } h ({ $on_time }/{ $responded } on time)
sum-response_none = first response: none in this period
sum-response_missed = ; { $count } { $count ->
        [one] ticket
       *[other] tickets
    } past the first-contact deadline without contact
sum-risk_header = <b>Clients at risk</b>: { $count }
sum-risk_none = <b>Clients at risk</b>: none
sum-risk_line = { $n }. { $name } ({ $owner }): { $reasons }
sum-risk_line_own = { $n }. { $name }: { $reasons }
sum-reason-poor_rating = poor credit rating
sum-reason-overdue =
    visit { $days } { $days ->
        [one] day
       *[other] days
    } overdue
sum-reason-open_complaints =
    { $count } open { $count ->
        [one] complaint
       *[other] complaints
    }
sum-reason-develop_stale =
    a client to develop, { $counted ->
        [on_site] no on-site visit
       *[other] not visited
    } for { $days } { $days ->
        [one] day
       *[other] days
    }
sum-reason-develop_never = a client to develop, never { $counted ->
        [on_site] visited on site
       *[other] visited
    }
sum-reason-develop_short = a client to develop: visit twice as often
sum-reason_sep = ,{" "}
sum-btn-visits = 📋 Visits { $count }
sum-btn-uncovered = 🕳 Not covered { $count }
sum-btn-overdue = ⏰ Overdue { $count }
sum-btn-risk = ⚠️ At risk { $count }
sum-btn-open = 📨 Open complaints { $count }
sum-btn-opened = 📥 New complaints { $count }
sum-btn-resolved = ✅ Resolved { $count }
sum-btn-clients = 👥 Clients
sum-btn-manager = 👤 { $name }
sum-btn-chart_visits = 📊 Visits
sum-btn-chart_coverage = 📊 Coverage
sum-btn-chart_complaints = 📊 Complaints
sum-btn-team = ↩ Back to the summary
sum-btn-summary = 📊 Full summary
sum-btn-next = Next page ▶
sum-btn-item = { $n }
sum-list-v = 📋 <b>Visits</b>
sum-list-u = 🕳 <b>Clients not visited within their cadence</b>
sum-list-od = ⏰ <b>Clients overdue for a visit</b>
sum-list-rk = ⚠️ <b>Clients at risk</b>
sum-list-oc = 📨 <b>Open complaints</b>
sum-list-co = 📥 <b>New complaints</b>
sum-list-cr = ✅ <b>Resolved complaints</b>
sum-list-cl = 👥 <b>Clients</b>
sum-most_complaints = 📨 <b>Clients with the most complaints</b> · { $period }
sum-item-client_complaints = { $n }. { $name } ({ $owner }): { $count ->
    [one] 1 complaint
   *[other] { $count } complaints
    }, { $open } still open
sum-item-client_complaints_own = { $n }. { $name }: { $count ->
    [one] 1 complaint
   *[other] { $count } complaints
    }, { $open } still open
sum-list-ns = 🕰 <b>Clients not visited for { $days } { $days ->
        [one] day
       *[other] days
    } or more</b> (since the last visit that keeps the cadence; never visited: since the client was added)
sum-list-du = 📅 <b>Clients to visit by { $end }</b> (overdue ones included)
sum-list-du_today = 📅 <b>Clients to visit today</b> (due today or overdue)
sum-list-gp_rating = 🏷 <b>Clients whose credit rating is “{ $value }”</b>
sum-list-gp_tier = 🏷 <b>{ $value } clients</b>
sum-list_header = { $title }{ $who } · { $period }: { $total } in all
sum-list-nv = 🕳 <b>Clients not visited since { $start }</b> (counting the visits that keep the cadence)
sum-list-nv_in = 🕳 <b>Clients not visited from { $start } to { $end }</b> (counting the visits that keep the cadence)
sum-list_header_now = { $title }{ $who }: { $total } in all
sum-list_header_as_of = { $title }{ $who } · as of { $day }: { $total } in all
sum-list_who = {" "}· { $name }
sum-by_manager = By manager: { $counts }
sum-by_manager_overdue = Overdue clients by manager: { $counts }
sum-by_manager_at_risk = At-risk clients by manager: { $counts }
sum-by_manager_item = { $name } { $count }
sum-list_range = { $first }–{ $last }; tap a number to open the client file:
sum-list_empty = Nothing to list.
sum-list_no_clients = You have no clients yet. They appear here once an admin imports the client list (or assigns clients to you).
sum-item-visit = { $n }. { $date } { $client } ({ $author }, { $kind }): { $summary }
sum-item-client = { $n }. { $name } ({ $owner }): { $state }
sum-item-client_reasons = { $n }. { $name } ({ $owner }): { $reasons }
sum-item-client_own = { $n }. { $name }: { $state }
sum-item-client_reasons_own = { $n }. { $name }: { $reasons }
sum-item-complaint = { $n }. { $date } { $client } ({ $owner }) · { $severity } · { $status }: { $description }{ $late }
sum-late = {" "}⚠️ late
sum-state-overdue =
    { $days } { $days ->
        [one] day
       *[other] days
    } overdue
sum-state-due_in =
    due within { $days } { $days ->
        [one] day
       *[other] days
    }
sum-state-risk = {" "}· ⚠️ { $reasons }
sum-state-due_tomorrow = due tomorrow
sum-state-due_today = due today
sum-state-last = , last { $counted ->
        [on_site] on-site visit
       *[other] visit
    } { $date }
sum-state-never = , never { $counted ->
        [on_site] visited on site
       *[other] visited
    }
sum-card-cadence =
    Visit cadence { $days } { $days ->
        [one] day
       *[other] days
    } · { $state }
sum-card-visits = <b>Recent visits</b>
sum-card-visit = • { $date } { $kind } { $author }: { $summary }
sum-card-no_visits = Recent visits: none recorded
sum-card-complaints = <b>Complaints</b>
sum-card-complaint = • { $date } { $severity } · { $status }: { $description }{ $late }
sum-card-no_complaints = Complaints: none
sum-q-visits_person =
    <b>{ $name }</b> · { $when }: made { $visits } { $visits ->
        [one] visit
       *[other] visits
    }, to { $clients } { $clients ->
        [one] client
       *[other] clients
    }.
sum-q-no_visits_by = { $when }, no visit logged by: { $names }
sum-q-everyone_visited = { $when }: everyone who has clients has logged a visit.
sum-q-fewest_visits = { $period }, fewest visits: { $names } ({ $count })
sum-q-most_visits = { $period }, most visits: { $names } ({ $count })
sum-q-lowest_coverage = Lowest coverage of owned clients: { $names } ({ $share })
sum-q-highest_coverage = Highest coverage of owned clients: { $names } ({ $share })
sum-q-own_only = Only a supervisor sees the team's or a colleague's figures; here are your own.
sum-q-group_only = I can't yet count visits, coverage or complaints by credit rating or tier. Here are those clients instead, each with its visit status, the overdue first.
sum-q-no_person = I found nobody called “{ $name }” among the people you can see; here is everything you can see.
sum-q-renamed = { $old } has been renamed { $name }; these are { $name }'s figures.
sum-chart-visits_title = Visits per week, by who made them
sum-chart-visits_axis = Visits
sum-chart-total = { $weeks }-wk total
sum-chart-coverage_title = Coverage of owned clients by tier
sum-chart-coverage_axis = Clients visited within their cadence (%)
sum-chart-covered = Visited within cadence
sum-chart-not_covered = Not covered
sum-chart-overdue_note = { $overdue } overdue
sum-chart-tier_none = No tier
sum-chart-complaints_title = Complaint handling
sum-chart-ages_title = Open complaints by age
sum-chart-age0 = under 1 day
sum-chart-age1 = 1–3 days
sum-chart-age2 = 3–7 days
sum-chart-age3 = 7–30 days
sum-chart-age4 = over 30 days
sum-chart-unanswered = No first response yet
sum-chart-answered = Responded, not resolved
sum-chart-statuses_title = Complaints received in the period: status now
sum-chart-none_received = No complaints received in the period
sum-chart-week_through = to { $day }
sum-chart-count_axis = Complaints
sum-chart-no_data = No data yet
sum-chart-weeks = Last { $weeks } weeks: { $start } ~ { $end }
sum-chart-caption_visits = 📊 Visits per week, by who made them (last { $weeks } weeks)
sum-chart-caption_coverage = 📊 Coverage of owned clients by tier (visited by anyone) · { $period }
sum-chart-caption_complaints = 📊 Complaints by status and age · { $period }
sum-export-choose = What shall I export? Tap one for a spreadsheet of all its records; or type <code>/export visits month</code> for one period, and add <code>csv</code> for a CSV file.
sum-export-usage = Usage: <code>/export visits</code>, <code>/export complaints month</code>, <code>/export clients</code>; add <code>week</code>/<code>month</code>/<code>quarter</code>/<code>last month</code> or dates (<code>2026-11-01 2026-11-15</code>, <code>2026-10</code>), and <code>xlsx</code>/<code>csv</code>; a supervisor may add a colleague's name, anyone a client's: <code>/export visits 王磊 this month</code>, <code>/export complaints Baosteel</code>.
cmp-between = Two periods side by side: <b>{ $earlier } → { $later }</b>
cmp-visits = Visits made: { $earlier } → { $later }{ $change }
cmp-clients_visited = Clients visited: { $earlier } → { $later }{ $change }
cmp-person = • { $name }: { $earlier } → { $later }{ $change }
cmp-coverage = Coverage of owned clients: { $earlier } → { $later }{ $change }
cmp-overdue = Clients overdue for a visit: { $earlier } → { $later }{ $change }
cmp-at_risk = Clients at risk: { $earlier } → { $later }{ $change }
cmp-opened = Complaints received: { $earlier } → { $later }{ $change }
cmp-resolved = Complaints resolved: { $earlier } → { $later }{ $change }
cmp-on_time = Resolved on time: { $earlier } → { $later }{ $change }
cmp-change = { $direction ->
        [up] {" "}(+{ $amount })
        [down] {" "}(−{ $amount })
       *[same] {" "}(no change)
    }
cmp-change_points = { $direction ->
        [up] {" "}(+{ $amount } { $amount ->
            [one] point
           *[other] points
        })
        [down] {" "}(−{ $amount } { $amount ->
            [one] point
           *[other] points
        })
       *[same] {" "}(no change)
    }
cmp-state_note = Coverage, overdue and at-risk clients are as of each period's last day (today for one not over yet).
cmp-btn = 📊 { $period }
