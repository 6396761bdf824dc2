### terminal (中文); converted from bot/i18n.py

chat-banner = 本地对话（与 Telegram 中的机器人相同）。直接输入消息；输入 #2 按最近标为 [#2] 的按钮；/reply 文字 回复上一条消息；/file 路径 [说明] 发送文件；/photo 路径 [说明] 发送照片（名片、纸质页面）；/voice 路径 发送语音；/quit 退出。
