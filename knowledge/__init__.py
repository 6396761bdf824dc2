"""Knowledge base library: ingestion, cleaning, chunking, hybrid retrieval and answers with sources.

Never imports `telegram`, `bot` or `services`; langchain and chroma types stay inside.

The public names load on first use (PEP 562): importing a light submodule such as
`knowledge.normal_form` or `knowledge.text` does not pull in langchain, Chroma and the model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.evaluation import EvalCase, EvalReport, ModeScores, evaluate, load_eval_cases
    from knowledge.text import question_language
    from knowledge.types import (
        Answer,
        DocumentInfo,
        IngestError,
        IngestReport,
        KnowledgeConfig,
        Passage,
        StoreState,
        StoreUnavailable,
    )

_WHERE = {
    "Answer": "knowledge.types",
    "DocumentInfo": "knowledge.types",
    "EvalCase": "knowledge.evaluation",
    "EvalReport": "knowledge.evaluation",
    "IngestError": "knowledge.types",
    "IngestReport": "knowledge.types",
    "KnowledgeBase": "knowledge.base",
    "KnowledgeConfig": "knowledge.types",
    "ModeScores": "knowledge.evaluation",
    "Passage": "knowledge.types",
    "StoreState": "knowledge.types",
    "StoreUnavailable": "knowledge.types",
    "evaluate": "knowledge.evaluation",
    "load_eval_cases": "knowledge.evaluation",
    "question_language": "knowledge.text",
}

__all__ = [
    "Answer",
    "DocumentInfo",
    "EvalCase",
    "EvalReport",
    "IngestError",
    "IngestReport",
    "KnowledgeBase",
    "KnowledgeConfig",
    "ModeScores",
    "Passage",
    "StoreState",
    "StoreUnavailable",
    "evaluate",
    "load_eval_cases",
    "question_language",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
