"""Pasted articles open a paragraph with its title in a few words ("内强素质,外塑形象。"): the
sentences under it are prose, quoted under the title, not the items of a list; and "哪些内容" asks
for a list of the content of what the question names, not for any list whose head says 内容."""

from __future__ import annotations

from knowledge.answer_units import chunk_units, is_list
from knowledge.answering import list_head_fit, listed_things
from knowledge.text import normalize
from tests.knowledge.test_answer_kinds import _quoted

TRAINING = (
    "内强素质,外塑形象。企业的主体是人,客户经理代表的是移动公司的形象。"
    "企业要鼓励员工自学,自我提高。"
    "要组织经常性的培训工作,从业务水平、营销理念、营销方法、言行举止等各方面对客户经理进行培训教育。"
)
VISIT_RECORD = (
    "第二十二条 记录内容。 每次走访后，客户经理应在24小时内填写走访记录，内容包括：\n"
    "1. 走访人和走访日期；\n2. 走访的客户和地点；\n3. 沟通的主要事项；\n4. 下一步安排和跟进日期。"
)


def test_the_training_a_manager_gets_is_quoted_before_the_visit_records_contents() -> None:
    meaning = {"言行举止": 0.93, "记录内容": 0.9, "强化培训": 0.9}
    quoted = _quoted("客户经理平时要培训哪些内容？", TRAINING, VISIT_RECORD, meaning=meaning)
    assert "言行举止" in quoted[0]


def test_a_sentence_under_a_run_in_title_naming_several_things_is_headed_like_a_list() -> None:
    unit = next(u for u in chunk_units(TRAINING) if "言行举止" in u.text)
    assert unit.intro == "内强素质,外塑形象。"
    listed = listed_things(normalize("客户经理平时要培训哪些内容？"))
    assert list_head_fit(listed, unit) > 0


def test_an_item_under_a_lead_in_is_still_no_list() -> None:
    text = "客户经理的职责包括：\n1. 走访、回访、回款；\n2. 受理投诉、建档、预警；"
    item = next(u for u in chunk_units(text) if u.intro and "受理投诉" in u.text)
    assert not is_list(item)
    assert list_head_fit(listed_things(normalize("客户经理有哪些职责？")), item) == 0


def test_what_a_list_of_contents_is_of_is_the_word_before_it() -> None:
    assert "培训" in listed_things(normalize("客户经理平时要培训哪些内容？"))
    assert "档案" in listed_things(normalize("大客户档案包括哪些内容？"))


def test_a_client_files_contents_are_still_its_list() -> None:
    files = (
        "第四十二条 档案内容。 每个大客户建立一份客户档案，至少包括：\n"
        "1. 基本信息：单位名称、地址、行业；\n2. 业务结构和使用情况；\n3. 联系人及其职务。"
    )
    quoted = _quoted("大客户档案包括哪些内容？", VISIT_RECORD, files)
    assert "档案内容" in quoted[0]


def test_a_light_verb_names_no_thing_to_be_listed() -> None:
    # "帮客户做些什么" asks what the department does: not for the list whose head says 做为共识.
    assert "做" not in listed_things(normalize("技术服务部具体帮客户做些什么？"))
    joined = (
        "这种参与不应局限于市场营销服务部门,还应结合网络、运行、技术、维护等后台部门,"
        "要将大客户服务做为共识。"
    )
    help_given = "技术服务部还根据客户的需要,与客户一起研究,克服产品本身带来的缺陷。"
    meaning = {"克服产品": 0.94, "做为共识": 0.9}
    quoted = _quoted("技术服务部具体帮客户做些什么？", help_given, joined, meaning=meaning)
    assert "克服产品本身带来的缺陷" in quoted[0]
