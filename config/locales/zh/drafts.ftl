### drafts (中文); converted from bot/i18n_drafts.py

drafts-by_rules = （模型这次没有给出可靠的读取结果，已按常规规则读取，请仔细核对。）
drafts-unchecked = （回答中有无法从你的数据核实的数字、日期或客户名，已略去。）
