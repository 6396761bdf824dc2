### summary (繁體中文): only the messages OpenCC's conversion of config/locales/zh gets wrong;
### every other message is converted from zh. A week counted ("8 周") is 週: OpenCC leaves 周
### alone unless a word it knows (每周, 本周) holds it.

sum-chart-total = { $weeks }週合計
sum-chart-weeks = 近 { $weeks } 週：{ $start } ~ { $end }
sum-chart-caption_visits = 📊 每週走訪次數，按走訪人計（近 { $weeks } 週）
