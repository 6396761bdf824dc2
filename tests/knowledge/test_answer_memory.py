"""What answering keeps in memory: jieba's part-of-speech table once, a sentence's words shared."""

from __future__ import annotations

import jieba.posseg

from knowledge import answerable
from knowledge.answering import _sentence_words
from knowledge.lexicon import user_word_tags
from knowledge.text import normalize


def test_the_first_answer_tags_words_with_jiebas_table_not_a_second_copy_of_it() -> None:
    # jieba.posseg loads its 349,045-word table at import; a second copy cost 43 MB of resident
    # memory at the first answer (bench/README.md, kbmem16).
    tagged = answerable._tagged(normalize("信誉评价较差的客户多久走访一次？"))
    assert ("客户", "n") in tagged
    table = answerable._tagger.word_tag_tab  # type: ignore[union-attr]
    assert any(part is jieba.posseg.dt.word_tag_tab for part in getattr(table, "maps", [table]))
    # The domain dictionary's own tags are the tagger's, and jieba's table is left as it was.
    tags = user_word_tags()
    assert tags and all(table[word] == tag for word, tag in tags.items())
    assert any(jieba.posseg.dt.word_tag_tab.get(word) != tag for word, tag in tags.items())


def test_sentences_in_the_word_cache_share_their_words() -> None:
    first = _sentence_words("客户经理每月走访一次重要客户并填写记录。")[1]
    second = _sentence_words("客户经理负责回款预警的跟进。")[1]
    common = first & second
    assert "客户经理" in common
    # One string for a word however many cached sentences hold it (the cache holds 16,384).
    assert all(
        next(w for w in first if w == word) is next(w for w in second if w == word)
        for word in common
    )
