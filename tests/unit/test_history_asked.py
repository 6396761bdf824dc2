"""Who changed a record, asked in words: which record, and a visit report that merely mentions a
change is no such question."""

from __future__ import annotations

from services.history import HistoryAsk, Record, history_asked


def test_a_question_about_who_changed_a_record_names_its_kind_and_number() -> None:
    assert history_asked("12号投诉谁改过？") == HistoryAsk(Record.COMPLAINT, 12)
    assert history_asked("投诉#12的修改记录") == HistoryAsk(Record.COMPLAINT, 12)
    assert history_asked("who changed complaint #2?") == HistoryAsk(Record.COMPLAINT, 2)
    assert history_asked("Who changed ticket 7") == HistoryAsk(Record.COMPLAINT, 7)
    assert history_asked("走访 5 谁修改过") == HistoryAsk(Record.VISIT, 5)
    assert history_asked("change history of visit 5") == HistoryAsk(Record.VISIT, 5)
    assert history_asked("这条投诉谁改过？") == HistoryAsk(Record.COMPLAINT, None)
    assert history_asked("华能南京电厂的档案谁改过？") == HistoryAsk(Record.CLIENT, None)


def test_words_of_a_change_without_asking_who_made_it_are_no_such_question() -> None:
    for text in ("今天拜访华能，讨论了合同修改记录", "把日期改成昨天", "修改一下日期",
                 "华能最近拜访是什么时候？", "the client asked for the change history of the plan"):  # fmt: skip
        assert history_asked(text) is None, text
