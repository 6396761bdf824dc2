### terminal (English); converted from bot/i18n.py

chat-banner = Local chat (the same bot as in Telegram). Type a message; #1 presses the first button; /reply TEXT replies to the last message; /file PATH [CAPTION] sends a file; /quit leaves.
