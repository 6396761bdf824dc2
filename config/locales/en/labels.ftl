### Labels (English): one per stored value, read by chat, charts, digests and exports alike.
### `label-<group>-<value>` is the label; the other names below refer to it.

## kind
label-kind-on_site = On site
label-kind-phone = Phone
label-kind-video = Video
sum-kind-on_site = { label-kind-on_site }
sum-kind-phone = { label-kind-phone }
sum-kind-video = { label-kind-video }
visit-kind-on_site = 🏢 { label-kind-on_site }
visit-kind-phone = 📞 { label-kind-phone }
visit-kind-video = 🎥 { label-kind-video }

## time
label-time-morning = morning
label-time-afternoon = afternoon
label-time-evening = evening
time-morning = { label-time-morning }
time-afternoon = { label-time-afternoon }
time-evening = { label-time-evening }

## category
label-category-product_quality = Product quality
label-category-service = Service
label-category-billing = Billing
label-category-delivery = Delivery
label-category-other = Other
complaint-category-product_quality = { label-category-product_quality }
complaint-category-service = { label-category-service }
complaint-category-billing = { label-category-billing }
complaint-category-delivery = { label-category-delivery }
complaint-category-other = { label-category-other }

## severity (capitalised as the categories are: a card reads Category: Billing, Severity: High)
label-severity-low = Low
label-severity-medium = Medium
label-severity-high = High
label-severity-critical = Critical
complaint-severity-low = { label-severity-low }
complaint-severity-medium = { label-severity-medium }
complaint-severity-high = { label-severity-high }
complaint-severity-critical = { label-severity-critical }
sum-sev-low = { label-severity-low }
sum-sev-medium = { label-severity-medium }
sum-sev-high = { label-severity-high }
sum-sev-critical = { label-severity-critical }

## status
label-status-open = awaiting response
label-status-responded = responded
label-status-resolved = resolved
label-status-closed = closed
complaint-status-open = { label-status-open }
complaint-status-responded = { label-status-responded }
complaint-status-resolved = { label-status-resolved }
complaint-status-closed = { label-status-closed }
complaint-status_reopened = reopened (follow-up score { $score })
sum-status-open = { label-status-open }
sum-status-responded = { label-status-responded }
sum-status-resolved = { label-status-resolved }
sum-status-closed = { label-status-closed }

## tier, rating, strategy (capitalised as a complaint's category and severity are: a client card
## reads Tier: Strategic, Credit rating: Medium, Strategy: Develop)
## tier
label-tier-important = Important
label-tier-group = Group
label-tier-commercial = Commercial
label-tier-strategic = Strategic
tier-important = { label-tier-important }
tier-group = { label-tier-group }
tier-commercial = { label-tier-commercial }
tier-strategic = { label-tier-strategic }

## rating
label-rating-good = Good
label-rating-medium = Medium
label-rating-poor = Poor
rating-good = { label-rating-good }
rating-medium = { label-rating-medium }
rating-poor = { label-rating-poor }

## satisfaction (a complaint's follow-up score, 1-5)
label-satisfaction-1 = very dissatisfied
label-satisfaction-2 = dissatisfied
label-satisfaction-3 = neutral
label-satisfaction-4 = satisfied
label-satisfaction-5 = very satisfied
complaint-score-1 = 1 · { label-satisfaction-1 }
complaint-score-2 = 2 · { label-satisfaction-2 }
complaint-score-3 = 3 · { label-satisfaction-3 }
complaint-score-4 = 4 · { label-satisfaction-4 }
complaint-score-5 = 5 · { label-satisfaction-5 }

## strategy
label-strategy-develop = Develop
label-strategy-maintain = Maintain
label-strategy-harvest = Harvest
label-strategy-exit = Exit
strategy-develop = { label-strategy-develop }
strategy-maintain = { label-strategy-maintain }
strategy-harvest = { label-strategy-harvest }
strategy-exit = { label-strategy-exit }

## yesno
label-yesno-yes = yes
label-yesno-no = no
label-yesno-late = no (past due, not resolved)

## weekday: a date with its day of the week, so a manager sees that 'next Friday' became the Friday they meant
weekday-0 = Mon
weekday-1 = Tue
weekday-2 = Wed
weekday-3 = Thu
weekday-4 = Fri
weekday-5 = Sat
weekday-6 = Sun
dated = { $date } ({ $weekday })
