### flows (English); converted from bot/i18n_flows.py

help-visit = /visit [text] — log a visit (one message, or step by step)
help-complaint = /complaint [text] — record a client complaint as a ticket
help-visits = /visits [client] — recent visits
help-complaints = /complaints [client] — open complaint tickets
cmd-visit = Log a visit
cmd-complaint = Record a complaint
cmd-visits = Visits
cmd-complaints = Complaint tickets
button-skip = Skip
button-edit = ✏️ Edit
button-back = ↩️ Back
offer-visit = This message reads like a visit report. Shall I log it?
offer-yes = 📝 Log the visit
offer-complaint = This message reads like a client complaint. Shall I file it?
offer-complaint_yes = 📨 File the complaint
offer-visit_and_complaint = This reads like a visit at which the client complained or was unhappy. Shall I log the visit first, and ask about filing the complaint once it is saved?
offer-complaint_only = 📨 File only the complaint
offer-mark_responded = ✅ Mark ticket #{ $id } as contacted
offer-no = No
offer-declined = OK, nothing was logged.
visit-ask_client = Which client did you visit? Type part of the name (pinyin or initials work too), or pick one:
visit-ask_client_pick = Which client do you mean by “{ $query }”?
visit-ask_client_several = This message names { $count } { $count ->
        [one] client
       *[other] clients
    }, and a visit record is for one client. Which one shall I log first? After saving it, send the other visits as separate messages.
visit-client_unknown = I found no client “{ $query }” among yours.
visit-no_clients = You have no clients yet, so there is no client to log a visit for. Your clients appear once an admin imports the client list (or assigns clients to you); /clients lists them.
visit-ask_when = When was the visit? Type “yesterday afternoon”, “last Friday”, “Nov 20”, or tap:
visit-today = Today
visit-yesterday = Yesterday
visit-ask_when_vague = Which day was “{ $phrase }”? Tap one, or type the date (e.g. “Nov 20”):
visit-day_option = { $wd ->
        [mon] Mon
        [tue] Tue
        [wed] Wed
        [thu] Thu
        [fri] Fri
        [sat] Sat
       *[sun] Sun
    } { $date }
visit-date_future = The visit date { $date } is in the future; only visits that happened can be logged. Please enter the date again:
visit-time_not_yet =
    You wrote { $time ->
        [morning] this morning
        [afternoon] this afternoon
        [evening] this evening
       *[other] today at { $time }
    }, but it is only { $now } now; only visits that happened can be logged. If it was yesterday, tap “Yesterday”, or type another date:
visit-no_such_day = There is no such day as “{ $text }” on the calendar. Please enter the visit date again:
visit-bad_date = I could not read the date “{ $text }”. Try “yesterday”, “last Friday”, “Nov 20” or 2026-11-20.
visit-follow_up_past = The follow-up date cannot be before today.
visit-ask_kind = How did you meet?
visit-location_hint = (you can share your location to check in)
visit-location_saved = 📍 Location recorded.
visit-location_no_flow = Location received. To check in on a visit, send /visit first.
visit-ask_people = Whom did you meet? For example: Mr Zhang (equipment dept), Li. Skip if nobody.
visit-ask_summary = What was discussed? A short summary, please.
visit-ask_next_step = What is the next step? For example: send the quote by next Tuesday. Skip if none.
visit-ask_follow_up = When should you follow up? For example: next Tuesday, end of month, in two weeks. Skip if not needed.
visit-ask_edit = What do you want to change?
visit-field-client = Client
visit-field-when = Date
visit-field-kind = Kind
visit-field-people = People
visit-field-summary = Summary
visit-field-next_step = Next step
visit-field-follow_up = Follow-up
visit-use_buttons = Please use the buttons below, or send /cancel to drop this report.
visit-too_long = That is too long ({ $length } characters). Please keep it under { $limit }.
visit-saved = { $edited ->
        [yes] ✅ Visit #{ $id } corrected.
       *[other] ✅ Visit #{ $id } saved.
    }
visit-follow_up_set = ⏰ I will remind you to follow up on { $date }.
visit-not_editable = This visit can no longer be changed (only its author can, within 24 hours).
visit-already_deleted = Visit #{ $id } has been deleted; it can no longer be changed.
visit-deleted = 🗑 Visit #{ $id } deleted.
visit-delete_confirm = Delete visit #{ $id } ({ $client }, { $date })? It cannot be undone.
visit-delete_kept = OK, visit #{ $id } is kept.
visit-undo_none = There is no visit of yours to delete: only its author can, within 24 hours of saving it. Send /visits to see the recent ones.
card-visit-title = 📝 <b>Visit report draft</b>
card-visit-title_edit = ✏️ <b>Correcting visit #{ $id }</b> (saved only when you confirm)
card-visit-saved_title = 📝 <b>Visit #{ $id }</b> ({ $author })
card-visit-client = Client: { $value }
card-visit-when = When: { $value }
card-visit-time_guessed = (no am or pm said: read as { $time }; tap Edit to correct it)
card-visit-kind = Kind: { $value }
card-visit-people = People: { $value }
card-visit-summary = Summary: { $value }
card-visit-next_step = Next step: { $value }
card-visit-follow_up = Follow-up: { $value }
card-visit-follow_up_other = {" "}(“next” can mean this week's, { $other }: to change it, type “follow-up: { $day }”)
card-visit-distance = 📍 Checked in { $value } from the client
card-visit-location = 📍 Location recorded (the client has no coordinates)
card-visit-truncated = ⚠️ The text was too long; the first 2000 characters were kept.
card-visit-same_day = ⚠️ This client already has visit #{ $id } on that day ({ $author }). If it is the same visit, tap Cancel so it is not counted twice.
card-visit-confirm_hint = Tap Confirm if this is right; nothing is saved before that.
card-visit-confirm_hint_edit = Tap Confirm if this is right; Cancel leaves the saved visit as it was.
visits-none = No visits yet. Send /visit to log one.
visits-header =
    The last { $count } { $count ->
        [one] visit
       *[other] visits
    } (tap a number to read it in full, edit or delete it):
visits-line = { $n }. { $when } · <b>{ $client }</b> · { $kind }{ $author }
visits-line_author = { " " }({ $name })
visits-line_what = { $people }{ $summary }
visits-line_people = Met { $people }:{ " " }
visits-line_next = ➡ Next step: { $step }{ $follow }
visits-line_follow = { " " }(follow up { $date })
visits-line_follow_only = ➡ Follow up on { $date }
visits-not_found = This visit no longer exists or was deleted.
visits-edit = ✏️ Edit
visits-delete = 🗑 Delete
visits-delete_yes = 🗑 Delete it
complaint-ask_client = Which client is complaining? Type part of the name (pinyin or initials work too), or pick one:
complaint-no_clients = You have no clients yet, so there is no client to file a complaint for. Your clients appear once an admin imports the client list (or assigns clients to you); /clients lists them.
complaint-ask_category = Category?
complaint-ask_severity = Severity?
complaint-ask_description = Please describe the complaint:
complaint-ask_received_by = Who received the complaint? Type a name, or tap “Me”.
complaint-kept_as_description = 📝 I kept that as the complaint's description (you will see it on the card before confirming, and can change it).
complaint-added_to_description = 📝 I added that to the complaint's description (you will see it on the card before confirming, and can change it).
visit-kept_as_summary = 📝 I kept that as what was discussed (you will see it on the card before confirming, and can change it).
visit-added_to_summary = 📝 I added that to what was discussed (you will see it on the card before confirming, and can change it).
visit-kept_as_next_step = 📝 I kept that as the next step (you will see it on the card before confirming, and can change it).
visit-added_to_next_step = 📝 I added that to the next step (you will see it on the card before confirming, and can change it).
visit-next_step_is_report = 📝 I kept all of that as the next step. It reads like a whole visit report: use it as what was discussed instead?
visit-use_as_summary = 📝 Use it as what was discussed
visit-moved_to_summary = 📝 Moved to what was discussed; the next step is asked again.
complaint-ask_received_on = On which day did the complaint come in? Type a date (e.g. Nov 25, yesterday, last Friday) or tap a button. The deadlines count from that day.
complaint-received_today = Today
complaint-received_yesterday = Yesterday
complaint-received_on_unclear = I could not tell which day “{ $text }” is. Type a date such as Nov 25, yesterday or 2026-11-25.
complaint-received_future = The date received cannot be later than today ({ $date } has not come yet).
complaint-received_before_client = { $date } is before { $client } was put on file ({ $since }); please check the date received.
complaint-received_too_old =
    { $date } is more than { $days } { $days ->
        [one] day
       *[other] days
    } ago; a complaint is logged soon after it comes in. Please check the date received.
complaint-received_on_set =
    Date received changed to { $date }; the deadlines were counted again by the policy:
    Contact the client by: { $first_response_due }
    Resolve by: { $resolution_due }
complaint-me = Me
card-complaint-title = 📣 <b>Complaint ticket draft</b>
card-complaint-client = Client: { $value }
card-complaint-category = Category: { $value }
card-complaint-severity = Severity: { $value }
card-complaint-description = Description: { $value }
card-complaint-received_by = Received by: { $value }
card-complaint-received_by_called = Received by: { $value } (the client called you; if someone else took the call, tap Edit)
card-complaint-received_on = Received on: { $value } (in person at the visit, so the client counts as contacted; the resolution deadline counts from that day)
card-complaint-received_on_set = Received on: { $value } (deadlines count from it)
complaint-saved =
    ✅ Complaint ticket #{ $id } saved.
    Contact the client by: { $first_response_due }
    Resolve by: { $resolution_due }
complaint-saved_met =
    ✅ Complaint ticket #{ $id } saved.
    First contact: made when it was received in person at the visit on { $met_on }.
    Resolve by: { $resolution_due }
complaint-resolution_due_passed = ⚠️ The resolution deadline has already passed: resolve it soon, then tap “Resolved” in /complaints.
complaint-saved_again = ✅ Complaint ticket #{ $id } is saved.
complaint-first_due_passed = ⚠️ The first-contact deadline has already passed: contact the client soon, then tap “Client contacted” in /complaints.
complaint-estimated = ⚠️ The official holiday calendar for that year is not announced yet; Monday to Friday were counted, less the statutory public holidays (the announced calendar may move days).
complaint-escalated =
    🚨 { $level ->
        [critical] Urgent complaint
       *[other] Complaint escalated
    } #{ $id }: { $client } ({ $severity }), account manager { $owner }.
    { $description }
    Contact the client by: { $first_response_due }
complaint-escalated_passed = ⚠️ That deadline has passed and the client has not been contacted yet.
complaint-ask_resolution = Ticket #{ $id }: what was done to resolve it?
complaint-now_responded = ✅ Ticket #{ $id } marked as responded.
complaint-now_resolved = ✅ Ticket #{ $id } resolved. After the follow-up call, record the client's satisfaction (1-5):
complaint-now_closed = ✅ Ticket #{ $id } closed; satisfaction recorded.
complaint-now_reopened =
    ⚠️ Ticket #{ $id } scored { $score } at the follow-up: the client is dissatisfied, so it is reopened under the supervisor, as the rules require.
    New resolution deadline: { $resolution_due }
    When it has been handled again, mark it resolved and call the client back again.
complaint-already = Ticket #{ $id } cannot do that in its current state.
complaints-none = No complaint tickets left to close.
complaints-header =
    { $count } complaint { $count ->
        [one] ticket
       *[other] tickets
    } not closed yet (most urgent first):
complaints-none_of_client = { $client } has no complaint tickets left to close.
complaints-header_of_client =
    { $client }: { $count } complaint { $count ->
        [one] ticket
       *[other] tickets
    } not closed yet (most urgent first):
complaints-late_none = None is past its deadline.
complaints-late_count =
    { $count ->
        [one] 1 is past its deadline (⚠️).
       *[other] { $count } are past their deadlines (⚠️).
    }
complaints-late_header =
    { $count } complaint { $count ->
        [one] ticket is
       *[other] tickets are
    } past the deadline ({ $open } open in all; most urgent first):
complaints-shown = The { $shown } most urgent are shown here; /export complaints lists them all.
complaints-due-response = First contact due { $due } { $left }
complaints-due-resolution = Resolve by { $due } { $left }
complaints-due-both = Contact and resolve by { $due } { $left }
complaints-due-callback = Follow-up call due { $due } { $left }
complaints-client_owner = { $client } ({ $owner })
complaints-item =
    <b>#{ $id }</b> { $client } · { $severity } · { $status }
    { $deadlines }
    { $description }
complaints-item_to_score =
    <b>#{ $id }</b> { $client } · { $severity } · { $status }
    { $description }
    Resolution: { $resolution }
    Follow-up call due { $due } { $left }
    After the follow-up call, score the client's satisfaction (1 least, 5 most satisfied):
complaints-item_closed =
    <b>#{ $id }</b> { $client } · { $severity } · { $status }
    { $description }
    Resolution: { $resolution }
    Satisfaction: { $score }
complaints-ticket_not_found = No complaint ticket #{ $id } that you can see. Send /complaints for the open ones.
complaints-left = ({ $hours } h left)
complaints-overdue = ⚠️ ({ $hours } h overdue)
complaints-left_under_hour = (under 1 h left)
complaints-overdue_under_hour = ⚠️ (overdue, under 1 h)
complaints-left_days =
    ({ $days } { $days ->
        [one] day
       *[other] days
    } left)
complaints-overdue_days =
    ⚠️ ({ $days } { $days ->
        [one] day
       *[other] days
    } overdue)
complaints-respond = Client contacted
complaints-resolve = Resolved
flow-expired = Your { $kind } draft was idle for 30 minutes and has ended without saving. It said: { $summary }
flow-resumed = The bot restarted; your unfinished { $kind } draft was kept. Carry on:
flow-restarted_visit = The bot restarted; your unfinished visit report draft was kept. Carry on:
flow-restarted_complaint = The bot restarted; your unfinished complaint draft was kept. Carry on:
flow-restarted_card = The bot restarted; your unfinished business card contact draft was kept. Carry on:
flow-restarted_task = The bot restarted; your unfinished reminder draft was kept. Carry on:
flow-again_visit = Your last message was not finished and has been handled again; your unfinished visit report draft was kept. Carry on:
flow-again_complaint = Your last message was not finished and has been handled again; your unfinished complaint draft was kept. Carry on:
flow-again_card = Your last message was not finished and has been handled again; your unfinished business card contact draft was kept. Carry on:
flow-again_task = Your last message was not finished and has been handled again; your unfinished reminder draft was kept. Carry on:
flow-kind-visit = visit report
flow-kind-complaint = complaint
flow-kind-offer = visit report
flow-another_report = This looks like a new { $what ->
        [visit] visit report
       *[complaint] complaint
    }. The previous { $kind ->
        [visit] visit report
       *[complaint] complaint ticket
    } draft ({ $client }) is not saved yet; what shall I do with it?
flow-another_report_unfinished = This looks like a new { $what ->
        [visit] visit report
       *[complaint] complaint
    }, and the previous { $kind ->
        [card] business card contact
        [visit] visit report
       *[complaint] complaint ticket
    } draft is not finished. Discard it and log this one?
flow-save_and_next = ✅ Save the previous one, then log this one
flow-drop_and_next = 🗑 Discard the previous one, log this one
flow-kept_for_later = All right, this draft first. The { $what ->
        [visit] visit report
       *[complaint] complaint
    } you just sent is kept; once this one is saved or discarded I'll ask whether to log it.
flow-later_offered = The report you sent earlier is not logged yet:
    "{ $text }"
flow-still_waiting_visit = 📝 Your visit report draft is still open; back to where we were:
flow-still_waiting_complaint = 📣 Your complaint draft is still open; back to where we were:
flow-still_waiting_card = 📇 Your business card contact draft is still open; back to where we were:
flow-use_aside_visit = 📝 That was what we discussed
flow-use_aside_complaint = 📣 That was the complaint
flow-still_waiting_resolution = ✅ The ticket is still waiting for what was done to resolve it; back to where we were:
flow-use_aside_resolution = ✅ That was the resolution

## A reminder asked for in words ("remind me to call Shagang on Thursday")
task-ask_when = ⏰ When shall I remind you to “{ $text }”? Type e.g. “Thursday”, “tomorrow 3pm”, “Dec 5”.
task-when_unclear = I could not tell which day. Type a date, e.g. “Thursday”, “tomorrow 3pm”, “Dec 5”, or tap Cancel.
task-time_passed = That time has passed. When shall I remind you to “{ $text }”?
task-btn_tomorrow = Tomorrow { $time }
task-confirm =
    ⏰ <b>Reminder draft</b>
    When: { $when }{ $note }
    Client: { $client }
    What: { $text }
    Nothing is set before you confirm.
task-confirm_plain =
    ⏰ <b>Reminder draft</b>
    When: { $when }{ $note }
    What: { $text }
    Nothing is set before you confirm.
task-saved = ✅ Reminder set: { $when }, “{ $text }”. Send /reminders to see or cancel it.
task-client_gone = { $client } is no longer one of your clients; no reminder was set.
task-once_only = ⚠️ Repeating reminders are not kept yet: I will set the next one; set the one after when it comes.
task-moved = ✅ Reminder moved: { $when }, “{ $text }”.
task-change_when = ⏰ “{ $text }” is set for { $was }. When should it be instead? Type e.g. “Thursday”, “tomorrow 3pm”, “Dec 5”.
task-which_client = 👥 Which client is “{ $text }” about?
task-btn-no_client = No client
task-btn-other_half = 🔁 Make it { $time }
task-btn-other_day = 🔁 Make it { $day }
# "next Friday" said on a Tuesday: this week's or next week's Friday; the card says which, the other a tap away.
task-day_guessed = {" "}(“next” can mean this week's or next week's: tap 🔁 for { $other })
# An hour said without am or pm ("at 5"): how it was read, the other half a button away.
task-half_guessed = {" "}(no am or pm said: read as { $time }; tap “Make it { $other }” if not)
flow-kind-task = reminder
