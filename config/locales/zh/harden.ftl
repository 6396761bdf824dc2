### harden (中文); converted from bot/i18n_harden.py

rem-stale-already_snoozed = 这条提醒已经推迟到 { $until } 了。
visit-date_too_old = 走访日期 { $date } 已超过 { $days } 天，无法补录。请重新输入日期：
rowerr-too_long = 内容太长（最多 { $value } 个字符）
rowerr-too_many_columns = 列数太多（最多 { $value } 列），请只保留客户信息列
rowerr-too_large = 工作簿解压后超过 { $value } MB，请拆分文件或另存为 CSV
