### drafts (English); converted from bot/i18n_drafts.py

drafts-by_rules = (The language model gave no reliable reading this time; the usual rules read it instead. Please check carefully.)
drafts-unchecked = (Figures, dates or client names in the answer that your data does not show were left out.)
drafts-unchecked_rule = (A rule in the answer that the documents found do not state was left out.)
drafts-corrected = ✏️ Updated as you said; please check it again:
drafts-corrected_go_on = ✏️ Updated as you said; now the next question:
drafts-card_changed = ✏️ You pressed Confirm on the card from before your last change, so nothing was saved. The draft now reads as below; check it and confirm again:
drafts-ignored = I did not understand “{ $text }”, so that part changed nothing.
drafts-nothing_changed = None of the changes in that message were applied; the draft is as it was.
drafts-no_draft = No draft is open, so this correction changed nothing. To change a saved complaint ticket, send /complaints and tap “{ complaints-edit }” under it; a saved visit, send /visits CLIENT, open it and tap “{ visits-edit }”.
drafts-correction_unclear = I could not tell what to change. You can type, for example, “change the date to yesterday”, “not Mr. Zhang, Mr. Li”, “client is China Mobile” or “it was a phone call”, or tap Edit to change one field at a time.
drafts-complaint_correction_unclear = I could not tell what to change. You can type, for example, “severity is critical”, “client is China Mobile”, “category is billing” or “description: …”, or tap Edit to change one field at a time.
