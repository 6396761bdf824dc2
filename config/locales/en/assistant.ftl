### assistant (English); converted from bot/i18n_assistant.py

cmd-brief = Pre-visit briefing
cmd-new = Start a new conversation
help-brief = /brief CLIENT — pre-visit briefing: card, visit cadence, last visits, open complaints and relevant documents; or say “brief me on Huaneng”
brief-usage = Usage: <code>/brief CLIENT</code>, e.g. <code>/brief { $client }</code>; or say “brief me on { $client }”.
brief-none = I found no client “{ $query }” among those you may see. /clients lists yours.
brief-choose = “{ $query }” matches several clients; choose one:
brief-button = 📋 Briefing
brief-title = 📋 <b>Pre-visit briefing</b> · { $name }
brief-cadence =
    Cadence: at least every { $days } { $days ->
        [one] day
       *[other] days
    } · visit again by { $due } ({ $status })
brief-status-ok =
    on track, { $days } { $days ->
        [one] day
       *[other] days
    } left
brief-status-due_soon =
    due soon, { $days } { $days ->
        [one] day
       *[other] days
    } left
brief-status-due_today = ⏰ due today
brief-status-due_tomorrow = due tomorrow
brief-status-overdue =
    ⚠️ overdue by { $days } { $days ->
        [one] day
       *[other] days
    }
brief-visits = <b>Last visits</b>
brief-no_visits = Visit records: none in the system for this client
brief-visit = • { $date } { $kind } · { $author } (visit #{ $id }){ $people }: { $summary }
brief-people = {" "}· met { $names }
brief-next_step = {"  "}Next step: { $what }
brief-follow_up = {"  "}Follow-up date: { $date }
brief-open = {" "}⏳ still open
brief-complaints = <b>Open complaints</b>
brief-no_complaints = Open complaints: none
brief-deadline_joiner = { "; " }
brief-complaint = • Ticket #{ $id } · { $severity } · { $status } · { $due }: { $description }
brief-passages = <b>Relevant documents</b>
brief-passage = {"["}{ $n }] { $title }{ $section }: “{ $quote }”
brief-sources = Sources: client file{ $visits }{ $tickets }{ $docs }
brief-src_visits = , visit records { $ids }
brief-src_tickets = , complaint tickets { $ids }
brief-src_docs = , documents { $ids }
brief-by_model =
    🤖 <b>Key points</b> (written by the model from the data below)
    { $text }
assistant-fallback = (The language model is unavailable right now; answered the usual way.)
assistant-new = OK, a new conversation (the earlier context is cleared).
assistant-snooze = ⏰ Snooze the reminder for { $client }? Choose how long:
assistant-snooze_days = Snooze { $days } d
assistant-ticket-respond = Mark ticket #{ $id } ({ $client }) as “client contacted”?
assistant-ticket-resolve = Mark ticket #{ $id } ({ $client }) as “resolved”?
assistant-dismissed = OK, nothing changed.
assistant-nothing_saved = (I have not saved or changed anything: records and changes take effect only when you press ✅ Confirm on a card.)
assistant-check_card = Prepared. Please check below: nothing is saved or changed until you press ✅.
