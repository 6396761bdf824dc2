### errors (English); converted from bot/i18n.py

error-bad_timezone = I do not know the time zone "{ $value }". Please use an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York.
error-apology = Sorry, something went wrong while handling your request. It has been logged; please try again later.
error-generic = Sorry, that could not be done.
error-forbidden = Sorry, you are not allowed to do that.
error-not_found = Nothing found, or you are not allowed to see it.
error-client_not_found = No such client, or you are not allowed to see it.
error-export_nobody_named = I found no colleague or client “{ $query }” among those you may see. /clients lists your clients; usage: <code>/export visits Wang Lei this month</code>.
error-no_client_named = I found no client “{ $query }” among those you may see. /clients lists yours.
error-invalid_input = That input is not valid; please check it and try again.
error-invite_invalid = This invitation link is invalid, used or expired. Please ask your administrator for a new one.
error-already_registered = You are already registered. Send /help to see what you can do.
error-invite_role = Only account managers (manager) or supervisors (supervisor) can be invited.
error-name_required = The name must not be empty.
error-bad_telegram_id = Telegram ID { $value } is not valid.
error-user_not_found = There is no user with Telegram ID { $telegram_id }.
error-export_format = That export format is not supported.
error-not_a_command = I don't know that command. Send /help to see what I can do.
error-too_long = That message is too long ({ $length } characters). Please keep it under { $limit }.
error-name_too_long = The name is too long (at most { $limit } characters).
error-rename_unknown = No one called “{ $who }” was found. Use the name they are shown under now, or their Telegram ID (a supervisor renames only the managers of their own team).
error-rename_ambiguous = More than one person is called “{ $who }”; use their Telegram ID instead (an administrator sees it with <code>kam users list</code>).
