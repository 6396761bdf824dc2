### trust (English); converted from bot/i18n_trust.py

talk-greeting = Hello, { $name }! How can I help? Send me a visit report to log, ask about a client or a rule, or send /help to see everything.
talk-thanks = You're welcome, { $name }! I'm here whenever you need me.
talk-ack = OK.
chart-empty = There is no data for this period yet, so the chart is empty.
dg-more_rows = … and { $count } more with other managers
card-next_due = Next visit due by { $date }
import-unchanged =
    ✅ The file matches the stored client files: none of its { $count } { $count ->
        [one] client
       *[other] clients
    } changed, so nothing was written.
import-done_some_unchanged =
    ✅ Import finished: { $created } { $created ->
        [one] client
       *[other] clients
    } added, { $updated } updated, { $unchanged } unchanged.
complaint-field-client = Client
complaint-field-category = Category
complaint-field-severity = Severity
complaint-field-description = Description
complaint-field-received_by = Received by
complaint-field-received_on = Date received
card-open_tickets = ⚠️ Open complaints: { $count }
client-did_you_mean = Did you mean one of these clients? (No client's name contains “{ $query }”; pick one or try other words.)
client-choose_among = Several clients' names contain “{ $query }”; please pick one:
