### common (English); converted from bot/i18n.py

button-zh = 简体中文
button-zh_hant = 繁體中文
button-en = English
button-confirm = ✅ Confirm
button-cancel = ❌ Cancel
cancel-done = Cancelled.
cancel-nothing = There is nothing to cancel.
button-stale = This button no longer applies. Please start again.
