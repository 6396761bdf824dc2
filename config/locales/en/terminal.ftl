### terminal (English); converted from bot/i18n.py

chat-banner = Local chat (the same bot as in Telegram). Type a message; #2 presses the button shown last as [#2]; /reply TEXT replies to the last message; /file PATH [CAPTION] sends a file; /photo PATH [CAPTION] a photo (a business card, a page); /voice PATH a voice note; /quit leaves.
