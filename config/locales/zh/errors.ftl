### errors (中文); converted from bot/i18n.py

error-bad_timezone = 不认识时区“{ $value }”。请用 IANA 名称，例如 Asia/Shanghai、Europe/Berlin、America/New_York。
error-apology = 抱歉，处理您的请求时出了问题，我们已记录下来。请稍后再试。
error-generic = 抱歉，无法完成这个操作。
error-forbidden = 抱歉，您没有权限执行这个操作。
error-not_found = 没有找到相关内容，或者您无权查看。
error-client_not_found = 没有找到这个客户，或者您无权查看。
error-export_nobody_named = 没有找到您可以查看的同事或客户“{ $query }”。发送 /clients 查看您的客户；用法：<code>/export visits 王磊 本月</code>。
error-no_client_named = 没有找到您可以查看的客户“{ $query }”。发送 /clients 查看您的客户。
error-invalid_input = 输入有误，请检查后重试。
error-invite_invalid = 这个邀请链接无效、已被使用或已过期。请向管理员索取新的邀请链接。
error-already_registered = 您已经是注册用户了，发送 /help 查看可用功能。
error-invite_role = 只能邀请客户经理（manager）或主管（supervisor）。
error-name_required = 姓名不能为空。
error-bad_telegram_id = Telegram ID { $value } 无效。
error-user_not_found = 没有 Telegram ID 为 { $telegram_id } 的用户。
error-export_format = 不支持的导出格式。
error-not_a_command = 我不认识这个命令。发送 /help 查看可用命令。
error-too_long = 消息太长了（{ $length } 字），请精简到 { $limit } 字以内再发送。
error-name_too_long = 姓名太长了（最多 { $limit } 个字）。
error-rename_unknown = 找不到“{ $who }”。请用对方现在显示的名字，或对方的 Telegram ID（主管只能给自己团队的客户经理改名）。
error-rename_ambiguous = 有不止一个人叫“{ $who }”，请改用对方的 Telegram ID（管理员可用 <code>kam users list</code> 查看）。
