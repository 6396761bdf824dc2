### client_import (中文); converted from bot/i18n.py

import-working = 正在导入客户文件 { $filename }…
import-done = ✅ 导入完成：新增 { $created } 个客户，更新 { $updated } 个客户。
import-reassigned = 其中 { $count } 个客户按文件换了客户经理，原客户经理将不再看到这些客户。
import-failed = ❌ 文件 { $filename } 有 { $count } 处问题，<b>没有导入任何数据</b>。请修改后重新发送：
import-more = ……另有 { $count } 处问题未列出。
import-row = 第 { $line } 行{ $column }：{ $reason }
import-column = （{ $column }）
import-file_type = 请发送 CSV 或 XLSX 格式的客户文件。
import-admin_only = 只有管理员可以导入文件（知识库文档、客户名单、走访记录表），文件没有保存。请把文件转给管理员；名片可以直接拍照发给我，我会识别成联系人。
import-too_large = 文件太大（超过 { $limit } MB），请拆分后再发送。
rowerr-empty_file = 文件是空的
rowerr-unsupported_type = 不支持的文件类型，请使用 CSV 或 XLSX
rowerr-unreadable = 无法读取文件内容
rowerr-missing_column = 缺少必填列 { $value }
rowerr-required = 必填项为空
rowerr-bad_owner_id = 客户经理“{ $value }”既不是系统中在职用户的姓名，也不是有效的 Telegram ID
rowerr-ambiguous_owner = 系统中有多位在职用户叫“{ $value }”，请改填此人的 Telegram ID（kam users list 可查）
rowerr-unknown_owner = 客户经理ID { $value } 不是系统中的在职用户
rowerr-bad_tier = 客户类型“{ $value }”无法识别（应为 重要/集团/商业/战略）
rowerr-bad_rating = 信誉等级“{ $value }”无法识别（应为 优/中/差）
rowerr-bad_strategy = 战略“{ $value }”无法识别（应为 发展/维持/收割/退出）
rowerr-bad_date = 日期“{ $value }”无效（格式应为 YYYY-MM-DD）
rowerr-bad_number = 数值“{ $value }”无效
rowerr-bad_bool = “{ $value }”应为 是 或 否
rowerr-conflicting_rows = 同一客户“{ $value }”在多行中的信息不一致
rowerr-too_many_rows = 行数太多（最多 { $value } 行），请拆分文件
rowerr-other = 数据有误（{ $value }）

## What a missing required column is called (it has no header in the file)
import-required-name = 客户名称
import-required-owner_telegram_id = 客户经理ID

rowerr-cell_too_large = 这一格超过 { $value } 个字符（机器人不读取的列也算），请缩短或删掉后重新发送

## An import killed half-way (the bot stopped), taken back at the next start
import-interrupted = ⚠️ 机器人重启前，您发送的客户文件还没有导入完，<b>没有导入任何数据</b>。请重新发送该文件。
## The button under "正在导入…" and what it answers
import-cancel_button = 取消导入
import-cancelled = 已取消导入，<b>没有导入任何数据</b>。
import-cancel_late = 导入已经结束，无法取消。
import-cancel_denied = 只有发送该文件的管理员可以取消这次导入。
import-maybe_kb = 如果这不是客户名单，而是要加入知识库的表格，请重新发送，并在文件说明中写“知识库”。
