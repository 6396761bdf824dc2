### outbox (English); converted from bot/i18n_outbox.py

outbox-alert_held = ⚠️ The alert about { $level ->
        [critical] urgent complaint
       *[other] complaint
    } #{ $ticket } ({ $client }) cannot reach { $recipient } yet: they have not opened this bot (or have blocked it). It will be delivered as soon as they do; if it is urgent, contact them directly.
outbox-reopened =
    🔁 Complaint #{ $ticket } ({ $client }, { $severity }) scored { $score } at the follow-up and is reopened: please oversee it. Account manager: { $owner }.
    { $description }
    New resolution deadline: { $resolution_due }
inbox-given_up = Sorry, your message “{ $what }” could not be handled after several tries (the bot stopped or the network failed each time), so it has been set aside. Please send it again later, or put it another way; if it still fails, tell your administrator.
inbox-given_up_plain = Sorry, your last message or button press could not be handled after several tries (the bot stopped or the network failed each time), so it has been set aside. Please try again later; if it still fails, tell your administrator.
