### history (English); converted from bot/i18n_history.py

vimport-working = Importing the visit file { $filename }…
vimport-done =
    ✅ Visit history imported: { $created } { $created ->
        [one] visit
       *[other] visits
    } added for { $clients } { $clients ->
        [one] client
       *[other] clients
    }; { $unchanged } were already imported and were not added again.
vimport-failed =
    ❌ The visit file { $filename } has { $count } { $count ->
        [one] problem
       *[other] problems
    }, so <b>nothing was imported</b>. Please fix them and send it again:
rowerr-unknown_client = no client is named or aliased “{ $value }” (import the clients first)
rowerr-bad_kind = visit kind “{ $value }” is not one of on site/phone/video
rowerr-unknown_author = “{ $value }” is not a user (give a name or a Telegram ID)
rowerr-ambiguous_author = several users are called “{ $value }”: give the Telegram ID instead
rowerr-future_date = { $value } has not come yet, so it cannot be a visit made
rowerr-duplicate_row = the same visit as line { $value }
sum-made-mine =
    <b>Visits you made</b>: { $visits }, to { $clients } { $clients ->
        [one] client
       *[other] clients
    }
sum-made-person =
    <b>Visits { $name } made</b>: { $visits }, to { $clients } { $clients ->
        [one] client
       *[other] clients
    }
sum-owned_visits = <b>Visits to owned clients</b> (by anyone): { $visits }, { $others } of them by others
sum-owned_visits_team = <b>Visits to the team's clients</b> (by anyone): { $visits }, { $others } of them not by the client's own manager
sum-owned_visits_all = <b>Visits to the company's clients</b> (by anyone): { $visits }, { $others } of them not by the client's own manager
