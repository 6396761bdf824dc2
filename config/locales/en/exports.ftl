### exports (English); converted from bot/i18n.py

export-usage = Usage: <code>/export clients</code>
export-caption =
    { $kind } export, { $count } { $count ->
        [one] row
       *[other] rows
    }.
export-empty = Nothing to export ({ $kind }): no records, so no file was sent.
export-earlier = 📎 Export { $period } ({ $count })
export-kind-clients = Client files
export-kind-visits = Visits
export-kind-complaints = Complaints
export-kind_of_client = { $kind } of { $client }
export-kind_of_person = { $kind } of { $person }

### Column headers of exported files: part of the file format. `kam clients import` reads both
### languages' client-file headers back (services/client_import.COLUMN_HEADERS); the English
### "English name" column is not read back (the client is matched by its stored name, "Client").
## clients
export-col-clients-name = Client
export-col-clients-owner_telegram_id = Account manager Telegram ID
export-col-clients-owner_name = Account manager
export-col-clients-tier = Tier
export-col-clients-credit_rating = Credit rating
export-col-clients-strategy = Strategy
export-col-clients-industry = Industry
export-col-clients-region = Region
export-col-clients-address = Address
export-col-clients-latitude = Latitude
export-col-clients-longitude = Longitude
export-col-clients-last_visit_on = { $counted ->
        [on_site] Last on-site visit
       *[other] Last visit
    }
export-col-clients-contacts_all = Contacts
export-col-clients-aliases = Aliases
export-col-clients-notes = Notes
## visits
export-col-visits-id = No.
export-col-visits-client = Client
export-col-visits-visited_on = Date
export-col-visits-visited_time = Time
export-col-visits-kind = Kind
export-col-visits-author = Logged by
export-col-visits-manager = Account manager
export-col-visits-people_met = People
export-col-visits-summary = Summary
export-col-visits-next_step = Next step
export-col-visits-follow_up_on = Follow-up
export-col-visits-latitude = Check-in latitude
export-col-visits-longitude = Check-in longitude
export-col-visits-distance_m = Check-in distance (m)
## complaints
export-col-complaints-id = No.
export-col-complaints-client = Client
export-col-complaints-owner = Account manager
export-col-complaints-received_by = Received by
export-col-complaints-recorded_by = Logged by
export-col-complaints-category = Category
export-col-complaints-severity = Severity
export-col-complaints-status = Status
export-col-complaints-received_at = Received
export-col-complaints-first_response_due = First response due
export-col-complaints-responded_at = Responded
export-col-complaints-resolution_due = Resolution due
export-col-complaints-resolved_at = Resolved
export-col-complaints-closed_at = Closed
export-col-complaints-resolved_on_time = Resolved on time
export-col-complaints-description = Description
export-col-complaints-resolution = Resolution
export-col-complaints-satisfaction = Satisfaction (1-5)
## English readers only: beside the stored name, the name chat shows them (matching.english_name)
export-col-client_en = English name
export-decision_maker = decision maker
