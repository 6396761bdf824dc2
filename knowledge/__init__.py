"""Knowledge base library: ingestion, cleaning, chunking, hybrid retrieval and answers with sources.

Never imports `telegram`, `bot` or `services`; langchain and chroma types stay inside.
"""

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
)

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
    "evaluate",
    "load_eval_cases",
    "question_language",
]
