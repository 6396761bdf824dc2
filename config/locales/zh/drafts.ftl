### drafts (中文); converted from bot/i18n_drafts.py

drafts-by_rules = （模型这次没有给出可靠的读取结果，已按常规规则读取，请仔细核对。）
drafts-unchecked = （回答中有无法从您的数据核实的数字、日期或客户名，已略去。）
drafts-unchecked_rule = （回答中有文件段落里找不到依据的规定说法，已略去。）
drafts-corrected = ✏️ 已按您的修改更新，请再核对一下：
drafts-corrected_go_on = ✏️ 已按您的修改更新，接着填写：
drafts-card_changed = ✏️ 您点的是修改之前的那张草稿卡片，所以没有保存。草稿现在的内容如下，请核对后再确认：
drafts-ignored = 没看懂“{ $text }”，这部分没有改动。
drafts-nothing_changed = 这条消息里的修改都没有应用，草稿保持原样。
drafts-no_draft = 现在没有正在填写的草稿，这条修改没有可改的对象，什么都没有改。已保存的投诉工单：发 /complaints，在工单下点“{ complaints-edit }”；已保存的走访：发 /visits 客户名称，打开记录后点“{ visits-edit }”。
drafts-correction_unclear = 没看懂要改哪一项。可以直接写，例如“日期改成昨天”“不是张总，是李总”“客户改成华润万家”“方式改成电话”，或点“修改”按钮逐项修改。
drafts-complaint_correction_unclear = 没看懂要改哪一项。可以直接写，例如“严重程度改成紧急”“客户改成华润万家”“类别改成账单”“描述改成……”，或点“修改”按钮逐项修改。
