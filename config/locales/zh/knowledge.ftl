### knowledge (中文); converted from bot/i18n.py

ask-usage = 请在 /ask 后面写上您的问题，例如：<code>/ask 信誉较差的客户多久走访一次？</code>
ask-unavailable = 知识库暂未开启，请联系管理员。
ask-down = 知识库暂时无法查询（文档检索服务没有响应），请稍后再问。记录走访、投诉和提醒不受影响。
ask-not_found = 抱歉，在公司文件中没有找到与这个问题相关的内容。您可以换个说法再问，或联系主管。
ask-sources = <b>来源</b>
ask-source = {"["}{ $n }] { $title }{ $section }：“{ $quote }”
ask-thinking = 正在查找…
ask-client_hint = 这个问题涉及客户“{ $name }”，以下是客户档案：
ask-time_alone =
    “{ $when }”要做什么？把要做的事和时间一起发给我就行，例如：
    • 记录走访：今天去了{ $client }，见了张总，谈了续约
    • 拜访前看简报：明天下午去{ $client }谈续约
    • 设提醒：提醒我周四给{ $client }打电话
    • 看待办：下周有什么事（或 /reminders）
    • 走访统计：上个月走访了多少次（或 /summary month）
ask-example_client = 华能
kb-down = 文档检索服务暂时没有响应，这份文档没有加入知识库，请稍后再发送一次。
kb-empty = 知识库中还没有文档。管理员可以直接发送文档（PDF、Word、TXT、Markdown、HTML、CSV、XLSX）加入知识库。
kb-header = <b>知识库文档</b>（共 { $count } 个）：
kb-header_matching = <b>知识库文档</b>：名称含“{ $part }”的共 { $count } 个：
kb-none_matching = 知识库中没有名称含“{ $part }”的文档。发送 /kb 查看全部文档。
kb-page = 第 { $page }/{ $pages } 页
kb-previous = ◀ 上一页
kb-next = 下一页 ▶
kb-filter_hint = 文档较多：发送“/kb 名称中的几个字”（例如 /kb 销售）只列出相关文档。
kb-item = { $n }. { $title } — { $chunks } 段，{ $when }
kb-item_pages = { $n }. { $title } — { $pages } 页，{ $chunks } 段，{ $when }
kb-remove_button = 🗑 删除 { $n }
kb-removed = 已从知识库删除：{ $title }
kb-remove_confirm = 确定要从知识库删除“{ $title }”吗？删除后，所有人的回答都不会再引用它。
kb-remove_yes = 🗑 确认删除
kb-remove_no = 保留
kb-remove_kept = 没有删除，文档仍在知识库中。
kb-remove_down = 文档检索服务暂时没有响应，文档没有删除，请稍后再试。
kb-ingesting = 正在处理文档 { $filename }…
kb-ingesting_photo = 正在识别照片中的页面并加入知识库…
kb-ingested =
    ✅ 已加入知识库：{ $title }
    页数：{ $pages }，分段：{ $chunks }，用时 { $seconds } 秒。
kb-duplicate = 这份文件与知识库中的“{ $title }”内容完全相同，没有重复加入。要换一个名称，请先用 /kb 删除“{ $title }”再发送。
kb-unchanged = 文档 { $title } 没有变化，无需重新处理。
kb-updated =
    ✅ 已更新知识库文档：{ $title }
    页数：{ $pages }，分段：{ $chunks }，用时 { $seconds } 秒（旧版本内容已替换）。
kb-for_all = 👥 所有人可见（公司文档）。
kb-for_client = 🔒 仅“{ $client }”的客户经理和主管可见。
kb-item_client = （🔒 { $client }）
kb-client_unknown = 没有找到客户“{ $query }”，文档没有加入。请在说明里写客户的全称（例如：客户：华能南京电厂）再发送；不写“客户：”则全公司可见。
kb-client_ambiguous = “{ $query }”可能是这几个客户：{ $options }。文档没有加入，请在说明里写客户的全称再发送。
kb-other_versions = 知识库里还有名称相近的文档，像是这份文件的旧版本。要用这份替换旧版本吗？替换后，回答只引用新版本；两个都保留，回答会把新旧两个版本的内容都引用出来：
kb-public_copy = 知识库里还有名称相同或相近、全公司可见的文档。不删除它，所有客户经理仍能读到其中的内容：
kb-other_version = • { $title }（{ $when } 加入）
kb-replace_button = 🔁 替换旧版本“{ $title }”
kb-keep_versions_button = 两个都保留
kb-replaced = 已替换：旧版本“{ $old }”已从知识库删除，回答只引用“{ $new }”。
kb-kept_versions = 两个版本都保留。以后要删除旧版本，请用 /kb。
kb-same_content = ℹ️ 知识库里已有内容完全相同、读者不同的文档。两份都保留、都会被引用（能读到两份的人会看到两次）；不该有的一份请删除：
kb-same_content_all = • “{ $title }”——全公司可见：所有客户经理都能读到
kb-same_content_client = • “{ $title }”——仅“{ $client }”的客户经理和主管可见
kb-remove_copy_button = 🗑 删除“{ $title }”
kb-held_versions = 知识库里还有名称相近的文档，像是这份文件的旧版本。为免新旧两个版本同时被引用，旧版本现已暂停引用，回答只引用这份新文件。要用这份替换旧版本吗？替换会删除旧版本；两个都保留，旧版本恢复引用，回答会把新旧两个版本的内容都引用出来：
kb-kept_held = 两个版本都保留：{ $titles }已恢复引用，回答会把新旧两个版本的内容都引用出来。以后要删除旧版本，请用 /kb。
kb-item_held = （⏸ 因“{ $new }”暂停引用：🗑 删除，或 ▶ 恢复引用、与新版本一起引用）
kb-restore_button = ▶ 恢复 { $n }
kb-remove_public_button = 🗑 删除全公司可见的“{ $title }”
kb-error = ❌ 无法处理文档 { $filename }：{ $reason }
kb-error_photo = ❌ 无法处理这张照片：{ $reason }
kberr-empty = 文件是空的或没有可读的文字。请确认发送的是正确的文件，再重新发送
kberr-too_large = 文件超过大小限制
kberr-unreadable = 文件已损坏或无法读取，或者扩展名与实际内容不符。请用原来的软件打开，确认无误后另存为 DOCX 或 PDF，再重新发送
kberr-other = 处理失败

## Phrases the knowledge base adds to its answers (knowledge/messages.py)
kb-answer-not_found = 没有找到相关内容。
kb-answer-intro = 根据资料：
kb-answer-llm_not_found = 资料中没有找到这个问题的答案。
