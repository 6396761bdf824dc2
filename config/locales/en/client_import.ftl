### client_import (English); converted from bot/i18n.py

import-working = Importing the client file { $filename }…
import-done =
    ✅ Import finished: { $created } { $created ->
        [one] client
       *[other] clients
    } added, { $updated } updated.
import-reassigned = { $count ->
        [one] { $count } of them now has another account manager, as the file says; their previous manager no longer sees it.
       *[other] { $count } of them now have another account manager, as the file says; their previous managers no longer see them.
    }
import-failed =
    ❌ The file { $filename } has { $count } { $count ->
        [one] problem
       *[other] problems
    }, so <b>nothing was imported</b>. Please fix them and send it again:
import-more =
    …and { $count } more { $count ->
        [one] problem
       *[other] problems
    } not shown.
import-row = Line { $line }{ $column }: { $reason }
import-column = {" "}({ $column })
import-file_type = Please send the client file as CSV or XLSX.
import-admin_only = Only an admin can import files (knowledge-base documents, client lists, visit spreadsheets); the file was not saved. Please forward it to your admin; a business card can be sent to me as a photo, and I will read it into a contact.
import-too_large = The file is too large (over { $limit } MB). Please split it.
rowerr-empty_file = the file is empty
rowerr-unsupported_type = unsupported file type, use CSV or XLSX
rowerr-unreadable = the file cannot be read
rowerr-missing_column = the required column { $value } is missing
rowerr-required = a required value is empty
rowerr-bad_owner_id = account manager “{ $value }” is neither the name of an active user nor a valid Telegram ID
rowerr-ambiguous_owner = several active users are called “{ $value }”: give this person's Telegram ID instead (kam users list shows it)
rowerr-unknown_owner = account manager ID { $value } is not an active user
rowerr-bad_tier = tier “{ $value }” is not one of important/group/commercial/strategic
rowerr-bad_rating = credit rating “{ $value }” is not one of good/medium/poor
rowerr-bad_strategy = strategy “{ $value }” is not one of develop/maintain/harvest/exit
rowerr-bad_date = date “{ $value }” is not valid (use YYYY-MM-DD)
rowerr-bad_number = “{ $value }” is not a valid number
rowerr-bad_bool = “{ $value }” should be yes or no
rowerr-conflicting_rows = the client “{ $value }” has conflicting details on several rows
rowerr-too_many_rows = too many rows (at most { $value }); please split the file
rowerr-other = invalid data ({ $value })

## What a missing required column is called (it has no header in the file)
import-required-name = client name
import-required-owner_telegram_id = account manager's Telegram ID

rowerr-cell_too_large = this cell holds more than { $value } characters (columns the bot does not read count too); shorten or delete it and send the file again

## An import killed half-way (the bot stopped), taken back at the next start
import-interrupted = ⚠️ The bot restarted before your client file was fully imported: <b>nothing was imported</b>. Please send the file again.
## The button under "Importing…" and what it answers
import-cancel_button = Cancel import
import-cancelled = Import cancelled: <b>nothing was imported</b>.
import-cancel_late = The import has already finished and can no longer be cancelled.
import-cancel_denied = Only the admin who sent the file can cancel this import.
import-maybe_kb = If this is not a client list but a table for the knowledge base, send it again with the caption “kb”.
