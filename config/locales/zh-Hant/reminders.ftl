### reminders (繁體中文): only the messages OpenCC's conversion of config/locales/zh gets wrong;
### every other message is converted from zh.

rem-btn-7 = 1 週
