"""One label per stored value, in each language: chat, charts, digests and exports all read these."""

from __future__ import annotations

# group -> value -> (zh, en). The Chinese client words are also what the client import reads back.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {"on_site": ("上门", "On site"), "phone": ("电话", "Phone"), "video": ("视频", "Video")},
    "time": {"morning": ("上午", "morning"), "afternoon": ("下午", "afternoon"),
             "evening": ("晚上", "evening")},
    "category": {"product_quality": ("产品质量", "Product quality"), "service": ("服务", "Service"),
                 "billing": ("计费", "Billing"), "delivery": ("交付", "Delivery"),
                 "other": ("其他", "Other")},
    "severity": {"low": ("低", "low"), "medium": ("中", "medium"), "high": ("高", "high"),
                 "critical": ("紧急", "critical")},
    "status": {"open": ("待响应", "awaiting response"), "responded": ("已响应", "responded"),
               "resolved": ("已解决", "resolved"), "closed": ("已关闭", "closed")},
    "tier": {"important": ("重要大客户", "important"), "group": ("集团大客户", "group"),
             "commercial": ("商业大客户", "commercial"), "strategic": ("战略大客户", "strategic")},
    "rating": {"good": ("优", "good"), "medium": ("中", "medium"), "poor": ("差", "poor")},
    "strategy": {"develop": ("发展", "develop"), "maintain": ("维持", "maintain"),
                 "harvest": ("收割", "harvest"), "exit": ("退出", "exit")},
    "yesno": {"yes": ("是", "yes"), "no": ("否", "no")},
}  # fmt: skip


def label(lang: str, group: str, value: str | None) -> str | None:
    """The label of a stored value (None stays None; a value without a label shows as itself)."""
    if value is None:
        return None
    pair = LABELS.get(group, {}).get(value)
    if pair is None:
        # A time typed as 14:30 is its own label.
        return value
    return pair[0] if lang == "zh" else pair[1]
