### access (English); converted from bot/i18n.py

access-unknown = Hello! You are not a KAM Assistant user yet. Your Telegram ID is <code>{ $telegram_id }</code>: please send it to your supervisor or administrator to get access.
access-private_only = To keep client information safe I only work in private chat. Tap my name to message me directly.
start-welcome =
    Hello, { $name }! I am KAM Assistant.
    Send /help to see what I can do for you.
start-registered =
    Welcome aboard, { $name }! Your role is <b>{ $role }</b>{ $team }.
    Send /help to get started.
start-team_suffix = {" "}({ $team })
lang-choose = 请选择语言 / Choose your language:
lang-set = OK, I will reply in English from now on.
tz-current = Your time zone: <b>{ $zone }</b>. Reminders arrive in its morning. To change it, send <code>/tz ZONE</code>, e.g. <code>/tz Europe/Berlin</code>.
tz-set = OK, your time zone is now <b>{ $zone }</b>; reminders and quiet hours follow it.
role-manager = account manager
role-supervisor = supervisor
role-admin = administrator
invite-usage = Usage: <code>/invite manager TEAM name: Zhang San</code> or <code>/invite supervisor TEAM name: Zhang San</code> (the name is optional; given, it is how the person appears in summaries, rankings and exports)
invite-usage_supervisor = Usage: <code>/invite manager Zhang San</code> (the person's name, as summaries, rankings and exports will show it; without it, their Telegram name is used)
invite-unknown_team = There is no team called “{ $team }”; no link was made yet. Choose the team the { $role } joins, or create this one:
invite-choose_team = Which team does the { $role } join? A manager in no team has clients no supervisor sees; a supervisor in no team sees no managers.
invite-new_team_button = ➕ New team “{ $team }”
invite-no_team_button = No team
invite-created =
    Invitation link{ $named ->
        [yes] {" "}for <b>{ $name }</b>
       *[other] {""}
    } ({ $role }{ $team }). Forward it to the person; it works once and expires { $expires }:
    { $link }
rename-usage = Usage: <code>/rename CURRENT-NAME NEW-NAME</code> (their Telegram ID works instead of the current name). Summaries, rankings and exports show the new name.
rename-done = Renamed: { $old } → <b>{ $new }</b>. Summaries, rankings and exports show the new name.
