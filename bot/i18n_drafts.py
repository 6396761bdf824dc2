"""Catalog entries for drafts read by the model and its answers checked against the data
(zh-CN and English)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "drafts.by_rules": "（模型这次没有给出可靠的读取结果，已按常规规则读取，请仔细核对。）",
    "drafts.unchecked": "（回答中有无法从你的数据核实的数字、日期或客户名，已略去。）",
}

EN: dict[str, str] = {
    "drafts.by_rules": "(The language model gave no reliable reading this time; the usual rules read it instead. Please check carefully.)",
    "drafts.unchecked": "(Figures, dates or client names in the answer that your data does not show were left out.)",
}
