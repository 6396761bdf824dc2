"""The few fixed phrases the knowledge base adds to answers, in Chinese and English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "not_found": "没有找到相关内容。",
        "intro": "根据资料：",
        "llm_not_found": "资料中没有找到这个问题的答案。",
    },
    "en": {
        "not_found": "No relevant passage found.",
        "intro": "From the documents:",
        "llm_not_found": "The documents do not answer this question.",
    },
}


def message(language: str, key: str) -> str:
    return MESSAGES.get(language, MESSAGES["en"])[key]
