### assistant (中文); converted from bot/i18n_assistant.py

cmd-brief = 拜访前简报
cmd-new = 开始新的对话
help-brief = /brief 客户名 — 拜访前简报：客户档案、走访节奏、最近走访、未结投诉和相关资料；也可以说“准备拜访华能”
brief-usage = 用法：<code>/brief 客户名</code>，例如 <code>/brief { $client }</code>；也可以直接说“准备拜访{ $client }”。
brief-none = 没有找到您可以查看的客户“{ $query }”。发送 /clients 查看您的客户。
brief-choose = “{ $query }”对应多个客户，请选择：
brief-button = 📋 简报
brief-title = 📋 <b>拜访简报</b> · { $name }
brief-cadence = 走访节奏：每 { $days } 天至少一次 · 最晚 { $due } 再访（{ $status }）
brief-status-ok = 正常，还有 { $days } 天
brief-status-due_soon = 即将到期，还有 { $days } 天
brief-status-due_today = ⏰ 今天到期
brief-status-due_tomorrow = 明天到期
brief-status-overdue = ⚠️ 已超期 { $days } 天
brief-visits = <b>最近走访</b>
brief-no_visits = 走访记录：系统中暂无这个客户的走访记录
brief-visit = • { $date } { $kind } · { $author }（走访 #{ $id }）{ $people }：{ $summary }
brief-people = {" "}· 见了 { $names }
brief-next_step = {"  "}下一步：{ $what }
brief-follow_up = {"  "}跟进日期：{ $date }
brief-open = {" "}⏳ 尚未跟进
brief-complaints = <b>未结投诉</b>
brief-no_complaints = 未结投诉：无
brief-deadline_joiner = ；
brief-complaint = • 工单 #{ $id } · { $severity } · { $status } · { $due }：{ $description }
brief-passages = <b>相关资料</b>
brief-passage = {"["}{ $n }] { $title }{ $section }：“{ $quote }”
brief-sources = 来源：客户档案{ $visits }{ $tickets }{ $docs }
brief-src_visits = 、走访记录 { $ids }
brief-src_tickets = 、投诉工单 { $ids }
brief-src_docs = 、资料 { $ids }
brief-by_model =
    🤖 <b>要点</b>（由模型根据以下资料撰写）
    { $text }
assistant-fallback = （模型暂时不可用，已按常规方式处理。）
assistant-new = 好的，开始新的对话（之前的上下文已清除）。
assistant-snooze = ⏰ 推迟提醒：{ $client }？选择推迟多久：
assistant-snooze_days = 推迟 { $days } 天
assistant-ticket-respond = 工单 #{ $id }（{ $client }）标记为“已联系客户”？
assistant-ticket-resolve = 工单 #{ $id }（{ $client }）标记为“已解决”？
assistant-dismissed = 好的，不做更改。
assistant-nothing_saved = （我没有保存或更改任何内容：记录和更改要在卡片上点 ✅ 确认 才会生效。）
assistant-check_card = 我已准备好，请核对下面的内容：点 ✅ 确认 后才会保存或生效。
