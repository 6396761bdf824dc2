### exports (English); converted from bot/i18n.py

export-usage = Usage: <code>/export clients</code>
export-caption =
    { $kind } export, { $count } { $count ->
        [one] row
       *[other] rows
    }.
export-empty = Nothing to export ({ $kind }): no records, so no file was sent.
export-kind-clients = Client files
export-kind-visits = Visits
export-kind-complaints = Complaints

### Column headers of exported files: part of the file format (the Chinese ones are what
### `kam clients import` reads back; the English ones are the field names).
## clients
export-col-clients-name = name
export-col-clients-owner_telegram_id = owner_telegram_id
export-col-clients-owner_name = owner_name
export-col-clients-tier = tier
export-col-clients-credit_rating = credit_rating
export-col-clients-strategy = strategy
export-col-clients-industry = industry
export-col-clients-region = region
export-col-clients-address = address
export-col-clients-latitude = latitude
export-col-clients-longitude = longitude
export-col-clients-last_visit_on = { $counted ->
       *[other] last_visit_on
    }
export-col-clients-contacts_all = contacts_all
export-col-clients-aliases = aliases
export-col-clients-notes = notes
## visits
export-col-visits-id = id
export-col-visits-client = client
export-col-visits-visited_on = visited_on
export-col-visits-visited_time = visited_time
export-col-visits-kind = kind
export-col-visits-author = author
export-col-visits-manager = manager
export-col-visits-people_met = people_met
export-col-visits-summary = summary
export-col-visits-next_step = next_step
export-col-visits-follow_up_on = follow_up_on
export-col-visits-latitude = latitude
export-col-visits-longitude = longitude
export-col-visits-distance_m = distance_m
## complaints
export-col-complaints-id = id
export-col-complaints-client = client
export-col-complaints-owner = owner
export-col-complaints-received_by = received_by
export-col-complaints-recorded_by = recorded_by
export-col-complaints-category = category
export-col-complaints-severity = severity
export-col-complaints-status = status
export-col-complaints-received_at = received_at
export-col-complaints-first_response_due = first_response_due
export-col-complaints-responded_at = responded_at
export-col-complaints-resolution_due = resolution_due
export-col-complaints-resolved_at = resolved_at
export-col-complaints-closed_at = closed_at
export-col-complaints-resolved_on_time = resolved_on_time
export-col-complaints-description = description
export-col-complaints-resolution = resolution
export-col-complaints-satisfaction = satisfaction
export-decision_maker = decision maker
