### cli (中文): `kam` 命令行给运维人员的输出，与帮助同一语言（KAM_CLI_LANGUAGE，否则按终端的 locale）；导入命令的 --lang 优先。

cli-no_token = 没有设置 TELEGRAM_BOT_TOKEN：改为启动本地演示对话。
cli-not_a_user = { $telegram_id } 不是 { $database } 中的在职用户。请先添加（kam users add --telegram-id { $telegram_id } --name 姓名 --role manager），或在演示数据上以演示用户身份对话：kam chat --demo --as { $telegram_id }
cli-user_saved = 已保存：{ $telegram_id } { $name }（{ $role }{ $team }）
cli-user_team = ，{ $team }
cli-user_deactivated = 已停用：{ $telegram_id }
cli-cannot_read = 无法读取 { $path }：{ $reason }
cli-details_in = （详情见 { $path }）
cli-demo_loaded = 演示数据已载入 { $database }：新增 { $created } 个客户，更新 { $updated } 个，新增 { $visits } 条历史走访、{ $complaints } 条投诉
cli-demo_document = 知识库：{ $title }：{ $status }，{ $chunks } 段
cli-demo_document_error = 知识库：{ $filename }：{ $code } { $detail }
cli-unknown_period = 不认识的时间段 { $period }：请用 week、month、quarter、year、last-month…
cli-export_wrote = 已写入 { $path }：{ $kind } 共 { $count } 行（{ $bytes } 字节）
cli-export_empty = 数据库中没有 { $kind }（{ $database }）；要在演示数据上试导出：kam export { $kind } --demo --out { $path }
cli-export_empty_period = 数据库中这段时间没有 { $kind }（{ $database }）；要在演示数据上试导出：kam export { $kind } --demo --out { $path }
cli-ingested = { $status } { $title }  （{ $source }：{ $pages } 页，{ $chunks } 段，{ $seconds } 秒）
cli-ingest_status-added = 已加入
cli-ingest_status-updated = 已更新
cli-ingest_status-unchanged = 无变化
cli-ingest_status-duplicate = 重复
cli-ingest_error = 错误      { $filename }：{ $reason }{ $detail }
cli-kb_empty = 知识库是空的：用 `kam ingest 路径` 添加文档，或用 `kam ask --demo 问题` 问示例手册
