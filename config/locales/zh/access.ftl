### access (中文); converted from bot/i18n.py

access-unknown = 您好！您还不是大客户经理助手的用户。您的 Telegram ID 是 <code>{ $telegram_id }</code>，请把它发给您的主管或系统管理员开通账号。
access-private_only = 为保护客户信息，我只在私聊中工作，请点击我的头像与我私聊。
start-welcome =
    您好，{ $name }！我是大客户经理助手。
    发送 /help 查看我能为您做什么。
start-registered =
    欢迎加入，{ $name }！您的角色是<b>{ $role }</b>{ $team }。
    发送 /help 开始使用。
start-team_suffix = （{ $team }）
lang-choose = 请选择语言 / Choose your language:
lang-set = 好的，之后我会用简体中文回复您。
tz-current = 您的时区：<b>{ $zone }</b>。提醒按这个时区的早上发送。要修改，请发送 <code>/tz 时区</code>，例如 <code>/tz Europe/Berlin</code> 或 <code>/tz 柏林</code>。
tz-set = 好的，您的时区已设为 <b>{ $zone }</b>，提醒和免打扰时段都按这个时区。
role-manager = 客户经理
role-supervisor = 主管
role-admin = 管理员
invite-usage = 用法：<code>/invite manager 团队名称 姓名：张三</code> 或 <code>/invite supervisor 团队名称 姓名：张三</code>（姓名可不填；填了，对方就以这个名字出现在汇总、排名和导出里）
invite-usage_supervisor = 用法：<code>/invite manager 张三</code>（填上对方的姓名，汇总、排名和导出里就显示这个名字；不填则用对方的 Telegram 名字）
invite-unknown_team = 没有名为“{ $team }”的团队，邀请链接还没有生成。请选择{ $role }要加入的团队，或新建这个团队：
invite-choose_team = 邀请的{ $role }加入哪个团队？不加入团队的客户经理，主管看不到其客户；不加入团队的主管看不到任何客户经理。
invite-new_team_button = ➕ 新建团队“{ $team }”
invite-no_team_button = 不加入团队
invite-created =
    已生成{ $named ->
        [yes] 给 <b>{ $name }</b> 的
       *[other] {""}
    }邀请链接（{ $role }{ $team }），请转发给对方。链接仅可使用一次，{ $expires } 前有效：
    { $link }
rename-usage = 用法：<code>/rename 现在的名字 新名字</code>（也可用对方的 Telegram ID 代替现在的名字）。汇总、排名和导出里都会显示新名字。
rename-done = 已改名：{ $old } → <b>{ $new }</b>。汇总、排名和导出里都显示新名字。
