### trust (中文); converted from bot/i18n_trust.py

talk-greeting = 您好，{ $name }！有什么可以帮您？可以直接发走访情况让我记录，问客户或制度，或发送 /help 查看全部功能。
talk-thanks = 不客气，{ $name }！还有需要随时找我。
talk-ack = 好的。
chart-empty = 这段时间还没有数据，图表是空的。
dg-more_rows = ……其他经理还有 { $count } 个
card-next_due = 下次走访期限：{ $date }
import-unchanged = ✅ 文件与系统中的客户档案完全一致：{ $count } 个客户都没有变化，未做任何修改。
import-done_some_unchanged = ✅ 导入完成：新增 { $created } 个客户，更新 { $updated } 个客户，{ $unchanged } 个客户没有变化。
complaint-field-client = 客户
complaint-field-category = 类别
complaint-field-severity = 严重程度
complaint-field-description = 内容
complaint-field-received_by = 受理人
complaint-field-received_on = 受理日期
card-open_tickets = ⚠️ 未结投诉：{ $count } 件
client-did_you_mean = 您是指以下哪个客户？（没有客户的名称包含“{ $query }”，请选择或换个说法）
client-choose_among = 有几个客户的名称包含“{ $query }”，请选择：
