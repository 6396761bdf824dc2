### clients (English); converted from bot/i18n.py

client-usage = Type part of a client's name after /client, for example <code>/client { $client }</code> (pinyin and initials work too).
client-none = No client matches “{ $query }”. Try another word, or the pinyin initials.
card-title = 🏢 <b>{ $name }</b>
card-aliases = Also known as: { $aliases }
card-tier = Tier: { $value }
card-rating = Credit rating: { $value }
card-strategy = Strategy: { $value }
card-industry = Industry: { $value }
card-region = Region: { $value }
card-address = Address: { $value }
card-owner = Account manager: { $value }
card-last_visit =
    { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }: { $date } ({ $days } { $days ->
        [one] day
       *[other] days
    } ago)
card-last_visit_today =
    { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }: { $date } (today)
card-never_visited =
    { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }: none recorded
card-contacts = <b>Contacts</b>
card-contact = • { $name }{ $title }{ $phone }{ $decision }
card-decision_maker = {" "}(decision maker)
card-no_contacts = Contacts: none
card-no_decision_maker = No decision maker is recorded; all the contacts:
card-whole_button = 📇 Whole client file
card-notes = Notes: { $value }
card-unset = not set
