"""A correction typed on a draft card is read into the field it names, the words it replaces and
the new value; anything else is not a correction."""

from __future__ import annotations

import pytest

from services.corrections import Correction, read_correction, read_corrections, says_cancel


@pytest.mark.parametrize(
    ("text", "expected"),
    [("日期改成昨天", Correction("when", None, "昨天")),
     ("把时间改为上周五下午", Correction("when", None, "上周五下午")),
     ("不是张总，是李总", Correction(None, "张总", "李总")),
     ("是李总，不是张总", Correction(None, "张总", "李总")),
     ("客户错了，是沙钢", Correction("client", None, "沙钢")),
     ("客户不对，应该是沙钢", Correction("client", None, "沙钢")),
     ("严重程度改成紧急", Correction("severity", None, "紧急")),
     ("其实是电话沟通的", Correction(None, None, "电话沟通的")),
     ("change the date to yesterday", Correction("when", None, "yesterday")),
     ("the date is wrong, it was Tuesday", Correction("when", None, "Tuesday")),
     ("wrong client, it was Shagang", Correction("client", None, "Shagang")),
     ("client is China Mobile", Correction("client", None, "China Mobile")),
     ("not Mr. Zhang, Mr. Li", Correction(None, "Mr. Zhang", "Mr. Li")),
     ("it was Mr. Li, not Mr. Zhang", Correction(None, "Mr. Zhang", "Mr. Li")),
     ("it was a phone call", Correction(None, None, "phone call")),
     ("人员：刘经理（物流部）", Correction("people", None, "刘经理（物流部）")),
     ("people: Mr. Liu (logistics manager)",
      Correction("people", None, "Mr. Liu (logistics manager)"))],
)  # fmt: skip
def test_a_correction_names_its_field_or_the_words_it_replaces(
    text: str, expected: Correction
) -> None:
    assert read_correction(text) == expected


@pytest.mark.parametrize("text", ["帮我看看天气", "嗯嗯好的吧", "ok", "", "谢谢" * 100])
def test_other_text_is_no_correction(text: str) -> None:
    assert read_correction(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("日期改成昨天，客户是沙钢",
      [Correction("when", None, "昨天"), Correction("client", None, "沙钢")]),
     ("日期改成昨天，是电话沟通",
      [Correction("when", None, "昨天"), Correction(None, None, "电话沟通")]),
     ("change the date to yesterday and the client to Baosteel",
      [Correction("when", None, "yesterday"), Correction("client", None, "Baosteel")]),
     ("严重程度改成紧急；类别是账单",
      [Correction("severity", None, "紧急"), Correction("category", None, "账单")]),
     # one correction whose words hold a comma stays one
     ("不是张总，是李总", [Correction(None, "张总", "李总")]),
     ("客户错了，是沙钢", [Correction("client", None, "沙钢")]),
     ("the date is wrong, it was Tuesday", [Correction("when", None, "Tuesday")]),
     ("人员：刘经理，王主任", [Correction("people", None, "刘经理，王主任")]),
     ("people: Mr. Li and Mr. Wang", [Correction("people", None, "Mr. Li and Mr. Wang")]),
     # free text runs to the end of the message
     ("内容：谈了扩容，客户是满意的", [Correction("summary", None, "谈了扩容，客户是满意的")]),
     ("日期改成昨天，内容改成谈了价格，客户很满意",
      [Correction("when", None, "昨天"), Correction("summary", None, "谈了价格，客户很满意")]),
     # a reason given with the correction is no second correction, nor part of the value
     ("严重程度改成高，这是重复投诉", [Correction("severity", None, "高")]),
     ("severity should be high, it's a repeat", [Correction("severity", None, "high")]),
     ("类别改成计费，因为是发票问题", [Correction("category", None, "计费")]),
     ("内容改成谈了价格，因为客户嫌贵", [Correction("summary", None, "谈了价格，因为客户嫌贵")]),
     # a person put right beside another field: each its own (before, the date became part of
     # the new name, or "不是王行长" a value of no field and the message was refused)
     ("张总改成李总，日期改成昨天",
      [Correction(None, "张总", "李总"), Correction("when", None, "昨天")]),
     ("日期改成11月27号，不是王行长，是李行长",
      [Correction("when", None, "11月27号"), Correction(None, "王行长", "李行长")]),
     ("不是王行长，而是李行长，方式改成电话",
      [Correction(None, "王行长", "李行长"), Correction("kind", None, "电话")]),
     ("帮我看看天气", [])],
)  # fmt: skip
def test_one_message_may_correct_several_fields(text: str, expected: list[Correction]) -> None:
    assert read_corrections(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("改成昨天 见了张总 电话沟通",
      [Correction(None, None, "昨天"), Correction("people", None, "张总"),
       Correction(None, None, "电话沟通", loose=True)]),
     ("日期改成昨天，电话沟通",
      [Correction("when", None, "昨天"), Correction(None, None, "电话沟通", loose=True)]),
     ("人员：刘经理 王主任", [Correction("people", None, "刘经理 王主任")]),
     ("change the date to last Friday", [Correction("when", None, "last Friday")])],
)  # fmt: skip
def test_clauses_typed_with_spaces_or_bare_values_are_corrections_too(
    text: str, expected: list[Correction]
) -> None:
    assert read_corrections(text) == expected


def test_a_correction_typed_with_no_draft_open_is_told_apart_from_a_question() -> None:
    from services.corrections import correction_without_draft

    for text in ("严重程度改成高", "actually the severity should be high", "张总改成李总",
                 "日期改成昨天，客户是沙钢", "The client is wrong, it was Shagang"):  # fmt: skip
        assert correction_without_draft(text), text
    for text in ("信誉等级怎样改成优", "客户经理应该是谁？", "投诉处理流程是什么",
                 "Ningbo Bank changed their contact person to Mr. Li", "其实是电话沟通"):  # fmt: skip
        assert not correction_without_draft(text), text
    # read on a draft card too: "actually" before a correction naming its field
    assert read_corrections("actually the severity should be high") == [
        Correction("severity", None, "high")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不对，是宝钢", [Correction(None, None, "宝钢")]),
        ("不对，应该是上周五", [Correction(None, None, "上周五")]),
        ("错了，日期改成昨天，客户是沙钢",
         [Correction("when", None, "昨天"), Correction("client", None, "沙钢")]),
        ("no, it was Baosteel", [Correction(None, None, "Baosteel")]),
    ],
)  # fmt: skip
def test_what_follows_a_first_no_is_the_correction(text: str, expected: list[Correction]) -> None:
    assert read_corrections(text) == expected


def test_a_correction_typed_at_a_step_is_told_apart_from_the_steps_answer() -> None:
    from services.corrections import says_a_correction

    for text in ("不对，是宝钢", "改成电话拜访", "不是张总，是李总", "客户改成宝钢",
                 "no, it was Baosteel", "actually it was a phone call"):  # fmt: skip
        assert says_a_correction(text), text
    for text in ("宝钢", "是宝钢", "张总", "谈了二期扩容", "其实是电话沟通", "能不能改成电话？",
                 "不对劲的地方是网络延迟"):  # fmt: skip
        assert not says_a_correction(text), text


@pytest.mark.parametrize(
    "text",
    ["取消", "算了，取消", "把它取消", "把这条取消掉", "这条不要了", "取消这条记录", "那就取消吧",
     "把草稿删了", "不用记了", "cancel", "please cancel it", "no, cancel", "delete it",
     "never mind"],
)  # fmt: skip
def test_a_message_that_only_asks_to_drop_the_draft_is_a_cancel(text: str) -> None:
    assert says_cancel(text)


@pytest.mark.parametrize(
    "text", ["客户要取消合同", "把合同取消", "客户把订单取消了", "它取消了吗", "删除联系人",
             "cancel the contract", "delete the contact"],
)  # fmt: skip
def test_words_about_a_cancellation_are_no_cancel_of_the_draft(text: str) -> None:
    assert not says_cancel(text)
