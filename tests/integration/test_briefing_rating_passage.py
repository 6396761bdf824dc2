"""A briefing quotes the handbook's rule for the client's own credit rating: for a client rated 中
it quoted Article 14 from its first line, the rule for 优."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import update

from services.bootstrap import bootstrap
from services.domain import CreditRating, Language, Tier
from services.storage.models import Client
from tests.assistant_fakes import seed
from tests.fakes import FakeClock
from tests.knowledge.conftest import open_kb

SAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "samples"
# The numbered line each rating's rule opens with, in each handbook.
LINES = {
    Language.ZH: {
        CreditRating.GOOD: "信誉等级为“优”的客户",
        CreditRating.MEDIUM: "信誉等级为“中”的客户",
        CreditRating.POOR: "信誉等级为“差”的客户",
    },
    Language.EN: {
        CreditRating.GOOD: "lients rated good",
        CreditRating.MEDIUM: "lients rated medium",
        CreditRating.POOR: "lients rated poor",
    },
}


@pytest.mark.parametrize("language", [Language.ZH, Language.EN])
async def test_a_briefing_quotes_the_rule_for_the_clients_own_rating_only(
    sqlite_url: str, tmp_path: Path, language: Language
) -> None:
    kb = open_kb(tmp_path / "kb")
    for name in ("service-policy-handbook.zh.md", "service-policy-handbook.en.md"):
        kb.ingest_bytes(name, (SAMPLES / name).read_bytes())
    services = await bootstrap(database_url=sqlite_url, clock=FakeClock(), knowledge_base=kb)
    try:
        zhang, _ = await seed(services)
        reader = dataclasses.replace(zhang, language=language)
        for rating in CreditRating:
            async with services.db.write() as uow:
                await uow.session.execute(
                    update(Client).where(Client.name == "华能南京电厂").values(credit_rating=rating)
                )
                await uow.commit()
            brief = await services.briefing.find(reader, "华能南京电厂")
            assert brief is not None and hasattr(brief, "passages")
            quoted = [p.text for p in brief.passages]  # type: ignore[union-attr]
            rules = [t for t in quoted if any(line in t for line in LINES[language].values())]
            assert rules, quoted
            own = LINES[language][rating]
            for text in rules:
                # The client's own rule opens the quote's list; no other rating's rule is quoted.
                others = [line for r, line in LINES[language].items() if r is not rating]
                assert own in text and not any(o in text for o in others), (rating, text)
    finally:
        await services.close()
        kb.close()


@pytest.mark.parametrize(
    ("language", "rule"),
    [(Language.ZH, "第十六条 战略大客户。"), (Language.EN, "Article 16 Strategic key accounts")],
)
async def test_a_strategic_clients_briefing_opens_its_quote_on_the_60_day_rule(
    sqlite_url: str, tmp_path: Path, language: Language, rule: str
) -> None:
    # Its cadence says every 60 days (Article 16), but the quote shown opened on Article 15's
    # "优: every 6 months" and was cut before Article 16: the briefing seemed to contradict itself.
    kb = open_kb(tmp_path / "kb")
    for name in ("service-policy-handbook.zh.md", "service-policy-handbook.en.md"):
        kb.ingest_bytes(name, (SAMPLES / name).read_bytes())
    services = await bootstrap(database_url=sqlite_url, clock=FakeClock(), knowledge_base=kb)
    try:
        zhang, _ = await seed(services)
        reader = dataclasses.replace(zhang, language=language)
        async with services.db.write() as uow:
            await uow.session.execute(
                update(Client)
                .where(Client.name == "华能南京电厂")
                .values(credit_rating=CreditRating.GOOD, tier=Tier.STRATEGIC)
            )
            await uow.commit()
        brief = await services.briefing.find(reader, "华能南京电厂")
        assert brief is not None and hasattr(brief, "passages")
        assert brief.interval_days == 60  # type: ignore[union-attr]
        quoted = [p.text for p in brief.passages]  # type: ignore[union-attr]
        holding = [t for t in quoted if rule in t]
        assert holding and all(t.startswith(rule) for t in holding), quoted
    finally:
        await services.close()
        kb.close()
