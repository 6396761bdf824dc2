### drafts (English); converted from bot/i18n_drafts.py

drafts-by_rules = (The language model gave no reliable reading this time; the usual rules read it instead. Please check carefully.)
drafts-unchecked = (Figures, dates or client names in the answer that your data does not show were left out.)
