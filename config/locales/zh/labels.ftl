### Labels (中文): one per stored value, read by chat, charts, digests and exports alike.
### `label-<group>-<value>` is the label; the other names below refer to it.

## kind
label-kind-on_site = 上门
label-kind-phone = 电话
label-kind-video = 视频
sum-kind-on_site = { label-kind-on_site }
sum-kind-phone = { label-kind-phone }
sum-kind-video = { label-kind-video }
visit-kind-on_site = 🏢 { label-kind-on_site }
visit-kind-phone = 📞 { label-kind-phone }
visit-kind-video = 🎥 { label-kind-video }

## time
label-time-morning = 上午
label-time-afternoon = 下午
label-time-evening = 晚上
time-morning = { label-time-morning }
time-afternoon = { label-time-afternoon }
time-evening = { label-time-evening }

## category
label-category-product_quality = 产品质量
label-category-service = 服务
label-category-billing = 计费
label-category-delivery = 交付
label-category-other = 其他
complaint-category-product_quality = { label-category-product_quality }
complaint-category-service = { label-category-service }
complaint-category-billing = { label-category-billing }
complaint-category-delivery = { label-category-delivery }
complaint-category-other = { label-category-other }

## severity
label-severity-low = 低
label-severity-medium = 中
label-severity-high = 高
label-severity-critical = 紧急
complaint-severity-low = { label-severity-low }
complaint-severity-medium = { label-severity-medium }
complaint-severity-high = { label-severity-high }
complaint-severity-critical = { label-severity-critical }
sum-sev-low = { label-severity-low }
sum-sev-medium = { label-severity-medium }
sum-sev-high = { label-severity-high }
sum-sev-critical = { label-severity-critical }

## status
label-status-open = 待响应
label-status-responded = 已响应
label-status-resolved = 已解决
label-status-closed = 已关闭
complaint-status-open = { label-status-open }
complaint-status-responded = { label-status-responded }
complaint-status-resolved = { label-status-resolved }
complaint-status-closed = { label-status-closed }
complaint-status_reopened = 已重新打开（回访 { $score } 分）
sum-status-open = { label-status-open }
sum-status-responded = { label-status-responded }
sum-status-resolved = { label-status-resolved }
sum-status-closed = { label-status-closed }

## tier
label-tier-important = 重要大客户
label-tier-group = 集团大客户
label-tier-commercial = 商业大客户
label-tier-strategic = 战略大客户
tier-important = { label-tier-important }
tier-group = { label-tier-group }
tier-commercial = { label-tier-commercial }
tier-strategic = { label-tier-strategic }

## rating
label-rating-good = 优
label-rating-medium = 中
label-rating-poor = 差
rating-good = { label-rating-good }
rating-medium = { label-rating-medium }
rating-poor = { label-rating-poor }

## satisfaction (a complaint's follow-up score, 1-5)
label-satisfaction-1 = 很不满意
label-satisfaction-2 = 不满意
label-satisfaction-3 = 一般
label-satisfaction-4 = 满意
label-satisfaction-5 = 很满意
complaint-score-1 = 1 · { label-satisfaction-1 }
complaint-score-2 = 2 · { label-satisfaction-2 }
complaint-score-3 = 3 · { label-satisfaction-3 }
complaint-score-4 = 4 · { label-satisfaction-4 }
complaint-score-5 = 5 · { label-satisfaction-5 }

## strategy
label-strategy-develop = 发展
label-strategy-maintain = 维持
label-strategy-harvest = 收割
label-strategy-exit = 退出
strategy-develop = { label-strategy-develop }
strategy-maintain = { label-strategy-maintain }
strategy-harvest = { label-strategy-harvest }
strategy-exit = { label-strategy-exit }

## yesno
label-yesno-yes = 是
label-yesno-no = 否
label-yesno-late = 否（已超期，未解决）

## weekday: a date with its day of the week, so a manager sees that 'next Friday' became the Friday they meant
weekday-0 = 周一
weekday-1 = 周二
weekday-2 = 周三
weekday-3 = 周四
weekday-4 = 周五
weekday-5 = 周六
weekday-6 = 周日
dated = { $date }（{ $weekday }）
