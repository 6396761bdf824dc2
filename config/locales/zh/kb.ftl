### kb (中文); converted from bot/i18n_kb.py

kb-progress = 正在处理文档 { $filename }… { $bar } { $done }/{ $total } 段，预计还需 { $left } 秒
kb-preparing = 正在准备知识库（首次启动需要为示例文档计算向量，约一两分钟）…
kb-progress_pages = 正在识别扫描件 { $filename }… { $bar } 第 { $done }/{ $total } 页，预计还需 { $left } 秒
