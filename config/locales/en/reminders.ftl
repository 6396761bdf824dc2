### reminders (English); converted from bot/i18n_reminders.py

cmd-reminders = My reminders
help-reminders = /reminders — pending reminders (visit cadence, follow-ups, complaint deadlines); snooze or cancel them
rem-cadence_due =
    ⏰ <b>Visit due</b>
    Client: <b>{ $client }</b>
    Please visit by { $due } ({ $days } { $days ->
        [one] day
       *[other] days
    } left). { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }: { $last }.
rem-cadence_due_today =
    ⏰ <b>Visit due</b>
    Client: <b>{ $client }</b>
    Today ({ $due }) is the last day for a visit. { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }: { $last }.
rem-cadence_overdue =
    ⚠️ <b>Visit overdue</b>
    Client: <b>{ $client }</b>
    Due by { $due }: { $days } { $days ->
        [one] day
       *[other] days
    } overdue. { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }: { $last }.
rem-never = none recorded
rem-follow_up =
    📌 <b>Follow-up</b>
    Client: <b>{ $client }</b>
    Follow-up date: { $due }
    To do: { $what }
    (from the visit on { $visited })
rem-cp_first_warn =
    ⏳ <b>Complaint awaiting first contact</b> · ticket #{ $ticket }
    Client: <b>{ $client }</b> ({ $severity })
    Contact the client by { $due }.
    { $description }
rem-cp_first_breach =
    🚨 <b>Complaint first contact overdue</b> · ticket #{ $ticket }
    Client: <b>{ $client }</b> ({ $severity })
    The deadline { $due } has passed; please contact the client now.
    { $description }
rem-cp_resolve_warn =
    ⏳ <b>Complaint due soon</b> · ticket #{ $ticket }
    Client: <b>{ $client }</b> ({ $severity })
    Resolve it by { $due }.
    { $description }
rem-cp_resolve_breach =
    🚨 <b>Complaint resolution overdue</b> · ticket #{ $ticket }
    Client: <b>{ $client }</b> ({ $severity })
    The resolution deadline { $due } has passed.{ $also }
    { $description }
rem-cp_first_breach-team =
    🚨 <b>Team complaint overdue</b> · ticket #{ $ticket }
    Client: <b>{ $client }</b> ({ $severity }), owner: { $owner }
    First contact was due by { $due }.
    { $description }
rem-cp_resolve_breach-team =
    🚨 <b>Team complaint overdue</b> · ticket #{ $ticket }
    Client: <b>{ $client }</b> ({ $severity }), owner: { $owner }
    Resolution was due by { $due }.{ $also }
    { $description }
rem-first_also_missed = {" "}The first-contact deadline { $due } passed too, and the client has not been contacted.
rem-late = <i>(delivered late; it was due at { $at })</i>
rem-group =
    ⚠️ <b>{ $count } { $count ->
        [one] client needs
       *[other] clients need
    } a visit</b>
rem-group_overdue =
    • { $client }: { $days } { $days ->
        [one] day
       *[other] days
    } overdue{ $never }
rem-group_due = • { $client }: due { $due }
rem-group_more = … and { $count } more
rem-group_hint = Tap a client to log a visit; send /reminders to snooze or cancel.
rem-btn-done = ✅ Done
rem-btn-snooze = ⏰ Later
rem-btn-visit = 📝 Log visit
rem-btn-seen = ✅ Noted
rem-btn-1 = 1 day
rem-btn-3 = 3 days
rem-btn-7 = 1 week
rem-btn-back = ↩️ Back
rem-btn-cancel_n = ✖ { $n }
rem-btn-snooze_n = ⏰ { $n }
rem-btn-change_n = 🕘 { $n }
# A /reminders button's subject: the client (one line per client's visit cadence) and which
# of its reminders, so a follow-up and a ticket's four deadlines differ.
rem-btn-subject-cadence_due = { $client }
rem-btn-subject-cadence_overdue = { $client }
rem-btn-subject-follow_up = { $client } · follow-up
rem-btn-subject-cp_first_warn = #{ $ticket } { $client } · first contact
rem-btn-subject-cp_first_breach = #{ $ticket } { $client } · first contact late
rem-btn-subject-cp_resolve_warn = #{ $ticket } { $client } · resolve
rem-btn-subject-cp_resolve_breach = #{ $ticket } { $client } · resolution late
rem-done = ✅ Done
rem-done_cadence = ✅ OK. Please log the visit once it is made: the cadence restarts from the logged date.
rem-cancelled = ✖ Reminder cancelled
rem-snoozed = ⏰ Snoozed until { $until }
rem-choose_snooze = Snooze for how long?
rem-stale-visit_logged = This reminder no longer applies: a newer visit to this client has been logged.
rem-stale-client_moved = This reminder no longer applies: the client is no longer yours.
rem-stale-visit_changed = This reminder no longer applies: that visit's follow-up date changed, or the visit was deleted.
rem-stale-complaint_handled = This reminder no longer applies: the complaint has been handled.
rem-stale-deadline_passed = This reminder no longer applies: its deadline has passed, and the overdue alert says so.
rem-stale-complaint_responded = This reminder no longer applies: the client has been contacted.
rem-stale-complaint_reopened = This reminder no longer applies: the complaint was reopened with a new deadline.
rem-stale-already_done = This reminder is already done.
rem-stale-already_cancelled = This reminder was cancelled.
rem-stale-other = This reminder has already been dealt with.
rem-not_found = There is no such reminder.
rem-list-title = 🔔 <b>Pending reminders</b> ({ $count })
rem-list-empty = No pending reminders. I will remind you when visits, follow-ups or complaint deadlines fall due.
rem-list-more = … and { $count } more
rem-list-title_by = 🔔 <b>Due by { $day }</b>, overdue included: { $count }
rem-list-empty_by = Nothing falls due by { $day } and nothing is overdue.
rem-list-empty_by_later = Nothing falls due by { $day } and nothing is overdue; { $later } { $later ->
        [one] reminder falls
       *[other] reminders fall
    } due later (/reminders lists everything).
rem-list-later = { $later } more { $later ->
        [one] reminder falls
       *[other] reminders fall
    } due later: /reminders lists everything.
rem-list-hint = ⏰ snooze, ✖ cancel, 🕘 change the time (of a reminder you set; each button names its reminder).
rem-list-at = (reminds at { $at })
rem-short-cadence_due = ⏰ { $client }: visit by { $due }
rem-short-cadence_overdue =
    ⚠️ { $client }: visit { $days } { $days ->
        [one] day
       *[other] days
    } overdue
rem-short-follow_up = 📌 { $client }: follow up on { $due }
rem-short-cp_first_warn = ⏳ ticket #{ $ticket } { $client }: first contact by { $due }
rem-short-cp_first_breach = 🚨 ticket #{ $ticket } { $client }: first contact overdue
rem-short-cp_resolve_warn = ⏳ ticket #{ $ticket } { $client }: resolve by { $due }
rem-short-cp_resolve_breach = 🚨 ticket #{ $ticket } { $client }: resolution overdue
rem-short-cp_first_breach_pending = 🚨 ticket #{ $ticket } { $client }: overdue alert at { $due } if no first contact by then
rem-short-cp_resolve_breach_pending = 🚨 ticket #{ $ticket } { $client }: overdue alert at { $due } if not resolved by then
dg-title = ☀️ <b>Today</b> · { $day }
dg-title_team = ☀️ <b>Team exceptions today</b> · { $day }
dg-follow_ups = 📌 <b>Follow-ups due today</b> ({ $count })
dg-follow_up_line = • { $client }: { $what }
dg-follow_up_line_day_off = • { $client } (due { $due }, a day off): { $what }
dg-tasks = ⏰ <b>Reminders you set for today</b> ({ $count })
dg-task_line = • { $at } { $text }
dg-overdue = ⚠️ <b>Visits overdue</b> ({ $count })
dg-overdue_line =
    • { $client }: { $days } { $days ->
        [one] day
       *[other] days
    } overdue
dg-due_week = ⏰ <b>Due within { $days } { $days ->
        [one] day
       *[other] days
    }</b> ({ $count })
dg-due_line = • { $client }: { $due }
dg-complaints = 🚨 <b>Complaint deadlines</b> ({ $count })
dg-complaint_line = • ticket #{ $ticket } { $client }: { $stage } due { $due }
dg-complaint_breached = • ticket #{ $ticket } { $client }: { $stage } overdue (was due { $due })
dg-resolve_also = ; resolve by { $due }
dg-resolve_also_breached = ; resolution also overdue (was due { $due })
dg-stage-response = first contact
dg-stage-resolution = resolution
dg-stage-callback = follow-up call
dg-team_overdue = ⚠️ <b>Clients overdue for a visit</b>: { $count } in all
dg-manager_line = • { $name }: { $count }
dg-more = … and { $count } more
dg-told_some =
    …and { $count } more { $count ->
        [one] client
       *[other] clients
    } listed in today's earlier visit reminder
dg-told_all =
    { $count ->
        [one] Listed in today's earlier visit reminder
       *[other] All { $count } listed in today's earlier visit reminder
    }
dg-footer = Send /reminders to see and manage your reminders.

## A reminder the user asked for
rem-task =
    ⏰ <b>Reminder</b>
    { $text }
rem-task_client =
    ⏰ <b>Reminder</b>
    Client: <b>{ $client }</b>
    { $text }
rem-short-task = ⏰ { $when } { $text }
rem-short-task_client = ⏰ { $when } { $text } ({ $client })
rem-btn-subject-task = { $client } · reminder
