"""One label per stored value, in each language: chat, charts, digests and exports all read these.

The labels are the `label-<group>-<value>` entries of config/locales/<lang>/labels.ftl; the
chat's own names for them (`tier.important`, `complaint.status.open`…) refer to the same entries.
"""

from __future__ import annotations

from config.catalog import catalog, text

# The stored values of each group, in the order lists and charts show them.
GROUPS: dict[str, tuple[str, ...]] = {
    "kind": ("on_site", "phone", "video"),
    "time": ("morning", "afternoon", "evening"),
    "category": ("product_quality", "service", "billing", "delivery", "other"),
    "severity": ("low", "medium", "high", "critical"),
    "status": ("open", "responded", "resolved", "closed"),
    "tier": ("important", "group", "commercial", "strategic"),
    "rating": ("good", "medium", "poor"),
    "strategy": ("develop", "maintain", "harvest", "exit"),
    "yesno": ("yes", "no"),
}


def label(lang: str, group: str, value: str | None) -> str | None:
    """The label of a stored value (None stays None; a value without a label shows as itself)."""
    if value is None:
        return None
    key = f"label.{group}.{value}"
    if not catalog().has(key):
        # A time typed as 14:30 is its own label.
        return value
    return text(lang, key)
