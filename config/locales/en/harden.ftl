### harden (English); converted from bot/i18n_harden.py

rem-stale-already_snoozed = This reminder is already snoozed until { $until }.
visit-date_too_old =
    The visit date { $date } is more than { $days } { $days ->
        [one] day
       *[other] days
    } ago and cannot be logged. Please enter the date again:
rowerr-too_long = too long (at most { $value } characters)
rowerr-too_many_columns = too many columns (at most { $value }); keep only the client columns
rowerr-too_large = the workbook unpacks to more than { $value } MB; split it or save it as CSV
