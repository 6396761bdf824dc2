### help (中文); converted from bot/i18n.py

help-header = <b>大客户经理助手</b>：我能做这些事：
help-client = /client 名称 — 查找客户（支持拼音和首字母，如 hrwj）；/clients — 我的全部客户
help-ask = /ask 问题 — 从公司制度文件中查找答案，也可以直接发问题
help-lang = /lang [简体|繁體|英文] — 切换语言（简体中文、繁體中文、English）/ switch language
help-cancel = /cancel — 结束当前操作
help-help = /help — 显示本帮助
help-invite = /invite manager|supervisor [团队] [姓名：张三] — 生成一次性邀请链接
help-invite_supervisor = /invite manager [姓名] — 邀请客户经理加入您的团队
help-import = 发送 CSV 或 XLSX 客户文件 — 导入/更新客户档案
help-kb = /kb — 知识库文档列表；发送 PDF/Word/TXT 等文档即可加入知识库（说明写“客户：客户名称”则仅该客户的经理可见）
help-kb_read = /kb — 知识库里有哪些文档（您的回答就来自这些文档）
help-export = /export clients — 导出客户档案（XLSX）
help-footer = 您的角色：{ $role }。
cmd-start = 开始
cmd-help = 帮助
cmd-client = 查找客户
cmd-ask = 问制度/政策
cmd-kb = 知识库文档
cmd-invite = 邀请同事
cmd-export = 导出数据
cmd-lang = 切换语言
cmd-cancel = 取消当前操作
help-tz = /tz [时区] — 查看或设置您的时区（出差、常驻海外时使用）
cmd-tz = 我的时区
help-rename = /rename 现在的名字 新名字 — 给人改名（汇总、排名和导出里显示的名字）
