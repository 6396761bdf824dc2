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
cli-export_wrote = 已写入 { $path }：{ $what }共 { $count } 行（{ $bytes } 字节）
cli-export_kind-clients = 客户档案
cli-export_kind-visits = 走访记录
cli-export_kind-complaints = 投诉工单
cli-export_empty = 数据库中没有{ $what }（{ $database }）；要在演示数据上试导出：kam export { $kind } --demo --out { $path }
cli-export_empty_period = 数据库中这段时间没有{ $what }（{ $database }）；要在演示数据上试导出：kam export { $kind } --demo --out { $path }
cli-ingested = { $status } { $title }  （{ $source }：{ $pages } 页，{ $chunks } 段，{ $seconds } 秒）
cli-ingest_status-added = 已加入
cli-ingest_status-updated = 已更新
cli-ingest_status-unchanged = 无变化
cli-ingest_status-duplicate = 重复
cli-ingest_error = 错误      { $filename }：{ $reason }{ $detail }
cli-kb_empty = 知识库是空的：用 `kam ingest 路径` 添加文档，或用 `kam ask --demo 问题` 问示例手册

## kam doctor、kam backup、kam restore
ops-status-ok = 正常
ops-status-warn = 警告
ops-status-fail = 失败
ops-status-skip = 跳过
ops-line = { $status }  { $name }：{ $detail }
ops-sep = ；
ops-check-settings = 配置
ops-check-database = 数据库
ops-check-telegram = Telegram
ops-check-knowledge = 知识库
ops-check-embedding = 向量服务
ops-check-llm = 语言模型
ops-total-passed = 共 { $checks } 项检查，全部通过
ops-total-warned = 共 { $checks } 项检查，没有失败，{ $warned } 项警告（见上方“警告”行）
ops-total-failed = 共 { $checks } 项检查，{ $failed } 项失败
ops-total-failed_warned = 共 { $checks } 项检查，{ $failed } 项失败，{ $warned } 项警告（见上方“警告”行）
ops-no_token = 未设置 TELEGRAM_BOT_TOKEN（kam run 会打开本地演示对话）
ops-no_admins = 未设置 KAM_ADMIN_IDS（没有人能在对话中邀请用户）
ops-webhook_not_https = KAM_WEBHOOK_URL 必须是 https:// 地址
ops-mode-webhook = webhook { $url }，监听 { $listen }:{ $port }
ops-mode-polling = 长轮询
ops-no_webhook_secret = 未设置 KAM_WEBHOOK_SECRET（由令牌派生）
ops-settings = { $mode }，{ $database }，数据目录 { $dir }
ops-db-missing = { $path } 尚不存在（启动时创建）
ops-db-empty = 可以连接，尚无数据（启动时迁移到 { $head }）
ops-db-ok = 表结构 { $current }（最新）；{ $counts }
ops-db-old = 表结构 { $current }，最新为 { $head }：下次启动时升级
ops-count-users = { $n } 个用户
ops-count-clients = { $n } 个客户
ops-count-visits = { $n } 次走访
ops-count-complaints = { $n } 件投诉
ops-count-sep = 、
ops-tg-no_token = 未设置令牌
ops-tg-refused = 令牌被拒绝（401 Unauthorized）
ops-tg-ok = @{ $username } 可以连接，用时 { $ms } 毫秒
ops-tg-webhook = 已登记的 webhook：{ $url }
ops-tg-webhook_none = 无
ops-tg-delivery_error = 最近一次投递错误：{ $error }
ops-kb-with_migrations = 登记表随数据库迁移创建
ops-kb = { $documents } 份文档，{ $chunks } 个片段，{ $vectors } 个向量（登记表：{ $registry }；向量库：{ $store }）
ops-kb-repair = { $stale } 个片段待计算向量，下次启动时按登记表修复向量索引
ops-emb-local = { $model } 在本进程内运行
ops-emb-ok = { $url }：{ $dims } 维，用时 { $ms } 毫秒
ops-llm-none = 未配置（回答直接引用文档原文）
ops-llm-refused = { $url }：API 密钥被拒绝（{ $code }）
ops-llm-no_models = { $url } 可以连接，但没有 /models
ops-llm-not_listed = { $url } 的模型列表中没有 { $model }（有 { $names }）
ops-llm-ok = { $url }，模型 { $model }
ops-pg_recipe =
    PostgreSQL 用它自己的工具备份（知识库登记表在同一个数据库里，一并备份；Chroma 向量在下次启动时据此重建）：
      { $dump }          # 备份，机器人运行时即可
      { $restore }
    然后把 KAM_DATABASE_URL 指向它，运行 `kam doctor`：它会检查表结构，以及知识库的向量索引是否与登记表一致。
ops-backup-not_empty = { $path } 已存在且不为空：请换一个新文件夹
ops-backup-no_db = { $path } 没有数据库
ops-backup-db = 数据库：{ $source } -> { $target }（{ $counts }）
ops-backup-kb = 知识库：{ $source } -> { $target }（恢复时据此重建向量）
ops-backup-done = 备份已写入 { $path }
ops-restore-not_backup = { $path } 不是 `kam backup` 生成的备份（没有 { $manifest }）
ops-restore-db_exists = { $path } 已存在：请恢复到新的数据目录，或加 --force 覆盖
ops-restore-differs = 恢复的数据库与备份不一致：{ $found } != { $expected }
ops-restore-db = 数据库：已恢复 { $path }（表结构 { $schema }；{ $counts }）
ops-restore-kb_exists = { $path } 已存在：加 --force 覆盖
ops-restore-kb = 知识库：已恢复 { $path }
ops-restore-pg_note = 注意：使用 PostgreSQL 时登记表通常在数据库里；下次打开知识库时会把这个文件移入数据库
ops-restore-ready = 就绪：表结构 { $schema }；知识库共 { $documents } 份文档
