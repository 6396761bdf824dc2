### history (中文); converted from bot/i18n_history.py

vimport-working = 正在导入走访记录文件 { $filename }…
vimport-done = ✅ 走访记录导入完成：新增 { $created } 条，涉及 { $clients } 个客户；{ $unchanged } 条此前已导入，未重复添加。
vimport-failed = ❌ 走访记录文件 { $filename } 有 { $count } 处问题，<b>没有导入任何数据</b>。请修改后重新发送：
rowerr-unknown_client = 没有名称或别名为“{ $value }”的客户（请先导入客户）
rowerr-bad_kind = 走访方式“{ $value }”无法识别（应为 上门/电话/视频）
rowerr-unknown_author = 走访人“{ $value }”不是系统中的用户（可填姓名或 Telegram ID）
rowerr-ambiguous_author = 有多位用户叫“{ $value }”，请改填其 Telegram ID
rowerr-future_date = 日期 { $value } 还没有到，不能是已完成的走访
rowerr-duplicate_row = 与第 { $value } 行是同一条走访记录
sum-made-mine = <b>本人走访</b>：{ $visits } 次，涉及 { $clients } 个客户
sum-made-person = <b>{ $name } 本人走访</b>：{ $visits } 次，涉及 { $clients } 个客户
sum-owned_visits = <b>名下客户被走访</b>：{ $visits } 次（其中他人走访 { $others } 次）
sum-owned_visits_team = <b>团队名下客户被走访</b>：{ $visits } 次（其中非客户经理本人走访 { $others } 次）
sum-owned_visits_all = <b>全公司客户被走访</b>：{ $visits } 次（其中非客户经理本人走访 { $others } 次）
