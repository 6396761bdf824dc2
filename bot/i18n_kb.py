"""Message catalog of knowledge-base answers and ingestion progress (zh-CN and English), merged into bot.i18n."""

from __future__ import annotations

ZH: dict[str, str] = {
    "kb.progress": "正在处理文档 {filename}… {bar} {done}/{total} 段，预计还需 {left} 秒",
    "kb.preparing": "正在准备知识库（首次启动需要为示例文档计算向量，约一两分钟）…",
}

EN: dict[str, str] = {
    "kb.progress": "Processing the document {filename}… {bar} {done}/{total} passages, about {left} s left",
    "kb.preparing": "Preparing the knowledge base (the first start embeds the sample documents; a minute or two)…",
}
