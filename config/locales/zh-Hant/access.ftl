### access (繁體中文): only the messages OpenCC's conversion of config/locales/zh gets wrong or that
### say something else in traditional Chinese; every other message is converted from zh.

lang-set = 好的，之後我會用繁體中文回覆您。
