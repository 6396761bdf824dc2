### help (English); converted from bot/i18n.py

help-header = <b>KAM Assistant</b>: here is what I can do:
help-client = /client name — find a client (pinyin and initials work too, e.g. hrwj); /clients — all your clients
help-ask = /ask question — find the answer in company policy documents, or just send the question
help-lang = /lang [en|zh|zh-Hant] — switch language (English, 简体中文, 繁體中文) / 切换语言
help-cancel = /cancel — stop what you are doing
help-help = /help — show this help
help-invite = /invite manager|supervisor [team] [name: Zhang San] — create a one-time invitation link
help-invite_supervisor = /invite manager [name] — invite an account manager to your team
help-import = Send a CSV or XLSX client file — import or update client files
help-kb = /kb — knowledge-base documents; send a PDF/Word/TXT document to add it (with the caption “client: NAME”, only that client's manager reads it)
help-kb_read = /kb — the documents in the knowledge base (your answers come from them)
help-export = /export clients — export client files (XLSX)
help-footer = Your role: { $role }.
cmd-start = Start
cmd-help = Help
cmd-client = Find a client
cmd-ask = Ask about policy
cmd-kb = Knowledge-base documents
cmd-invite = Invite a colleague
cmd-export = Export data
cmd-lang = Switch language
cmd-cancel = Cancel the current action
help-tz = /tz [zone] — see or set your time zone (when travelling or based abroad)
cmd-tz = My time zone
help-rename = /rename CURRENT-NAME NEW-NAME — rename someone (as summaries, rankings and exports show them)
