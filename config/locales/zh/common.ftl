### common (中文); converted from bot/i18n.py

button-zh = 简体中文
button-zh_hant = 繁體中文
button-en = English
button-confirm = ✅ 确认
button-cancel = ❌ 取消
cancel-done = 已取消。
cancel-nothing = 当前没有进行中的操作。
button-stale = 这个按钮已失效，请重新操作。
