"""Nothing a user types on a draft is lost: a description typed where a tap is awaited is kept
(and said to be), and /visit or /complaint with a report, typed while another draft waits, asks
what to do with the waiting one instead of replacing it. Through the real bot and the fake
Telegram server, each message waited for."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Complaint, Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press, seed
from tests.kit import ZHANG, buttons, count

pytestmark = pytest.mark.e2e


async def test_a_description_typed_at_the_category_is_the_description_not_a_lost_tap(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂")
    ask_category = await fake.wait_for(ZHANG)
    assert "投诉类别" in ask_category.text, ask_category.text
    told = "客户说上个月的账单金额算错了，多收了两千块，要求本周内退回"
    fake.send_text(ZHANG, told)
    kept = await fake.wait_for(ZHANG)
    assert "已记作投诉描述" in kept.text, kept.text
    # The category its words tell (账单: billing) is taken; the severity is still asked.
    ask_severity = await fake.wait_for(ZHANG)
    assert "严重程度" in ask_severity.text, ask_severity.text
    # A second sentence at the severity is added to the description, not dropped either.
    fake.send_text(ZHANG, "对方财务情绪很大，要求今天给个说法")
    assert "已补充到投诉描述" in (await fake.wait_for(ZHANG)).text
    ask_severity = await fake.wait_for(ZHANG)
    assert "严重程度" in ask_severity.text, ask_severity.text
    await press(fake, ZHANG, ask_severity, "高")
    ask_received = await fake.wait_for(ZHANG)
    assert "谁受理" in ask_received.text, ask_received.text
    await press(fake, ZHANG, ask_received, "我")
    card = await fake.wait_for(ZHANG)
    assert told in card.text and "情绪很大" in card.text, card.text
    assert "类别：计费" in card.text and "严重程度：高" in card.text, card.text
    assert await count(seeded, Complaint) == 0  # nothing filed before 确认
    await press(fake, ZHANG, card, "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert told in ticket.description and "情绪很大" in ticket.description


async def test_names_typed_at_who_received_it_stay_names_and_a_sentence_there_is_kept(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂反映发票抬头开错了，紧急")
    ask_received = await fake.wait_for(ZHANG)
    assert "谁受理" in ask_received.text, ask_received.text
    fake.send_text(ZHANG, "客户还说上次的发票也晚了一周才寄到。财务要求今天回电。")
    assert "已补充到投诉描述" in (await fake.wait_for(ZHANG)).text
    assert "谁受理" in (await fake.wait_for(ZHANG)).text  # still asked, not "客户还说…"
    fake.send_text(ZHANG, "客服中心王丽、李工")
    card = await fake.wait_for(ZHANG)
    assert "客服中心王丽、李工" in card.text and "晚了一周才寄到" in card.text, card.text


async def test_an_english_description_typed_at_the_category_is_kept(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/complaint China Mobile Suzhou")
    assert "Category?" in (await fake.wait_for(ZHANG)).text
    told = "They say the engineer never came to install the router we promised last week"
    fake.send_text(ZHANG, told)
    assert "kept that as the complaint's description" in (await fake.wait_for(ZHANG)).text
    ask = await fake.wait_for(ZHANG)  # the category its words tell (install: delivery) taken
    assert "Severity?" in ask.text, ask.text
    await press(fake, ZHANG, ask, "Medium")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Me")
    card = await fake.wait_for(ZHANG)
    assert told in card.text and "Category: Delivery" in card.text, card.text


async def test_what_was_discussed_typed_at_the_visits_kind_is_the_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")  # guided: each step asked
    assert "走访的是哪个客户" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "华能电厂")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "昨天")
    ask_kind = await fake.wait_for(ZHANG)
    assert "走访方式" in ask_kind.text, ask_kind.text
    told = "在他们机房看了新设备，张工说下个月要扩容两台服务器"
    fake.send_text(ZHANG, told)
    assert "已记作走访内容" in (await fake.wait_for(ZHANG)).text
    ask_kind = await fake.wait_for(ZHANG)
    assert "走访方式" in ask_kind.text, ask_kind.text  # the kind is still tapped, not guessed
    await press(fake, ZHANG, ask_kind, "上门")
    ask = await fake.wait_for(ZHANG)
    assert "见了哪些人" in ask.text, ask.text
    await press(fake, ZHANG, ask, "跳过")
    ask = await fake.wait_for(ZHANG)
    assert "下一步做什么" in ask.text, ask.text  # "谈了什么" is not asked again
    await press(fake, ZHANG, ask, "跳过")
    ask = await fake.wait_for(ZHANG)
    assert "什么时候跟进" in ask.text, ask.text
    fake.send_text(ZHANG, "下周二前把扩容报价发给张工，再约一次技术交流")
    assert "已记作下一步" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert told in card.text and "把扩容报价发给张工" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.summary == told and visit.follow_up_on is not None


async def test_a_visit_command_on_a_waiting_card_asks_before_replacing_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    assert "华能南京电厂" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/complaint 苏州移动反映专线中断两小时，紧急")
    offer = await fake.wait_for(ZHANG)
    assert "新的投诉" in offer.text and "华能南京电厂" in offer.text, offer.text
    await press(fake, ZHANG, offer, "返回")
    assert "先留着" in (await fake.wait_for(ZHANG)).text  # the complaint kept for later
    card = await fake.wait_for(ZHANG)  # the waiting card again, unchanged
    assert "华能南京电厂" in card.text and "二期扩容" in card.text, card.text
    fake.send_text(ZHANG, "/visit 今天上午去了苏州移动，见了信息部李经理，谈了专线续约")
    offer = await fake.wait_for(ZHANG)
    assert "新的走访记录" in offer.text, offer.text
    await press(fake, ZHANG, offer, "保存上一份")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "专线续约" in card.text, card.text
    assert await count(seeded, Visit) == 1


async def test_a_complaint_command_at_an_unfinished_draft_offers_dropping_or_going_back(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/complaint 华能电厂")
    assert "投诉类别" in (await fake.wait_for(ZHANG)).text  # a draft speaks its report's language
    fake.send_text(ZHANG, "/complaint China Mobile Suzhou says the invoice title is wrong again")
    offer = await fake.wait_for(ZHANG)
    assert "new complaint" in offer.text, offer.text
    labels = [b["text"] for b in offer.buttons]
    # Nothing to save from a step: drop it or go back.
    assert not any("Save the previous" in label for label in labels), labels
    await press(fake, ZHANG, offer, "Discard")
    assert "cancel" in (await fake.wait_for(ZHANG)).text.lower()  # the waiting draft dropped
    nxt = await fake.wait_for(ZHANG)  # the new one drafted: its severity asked
    assert "Severity?" in nxt.text, nxt.text
    await press(fake, ZHANG, nxt, "Medium")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Me")
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "invoice title" in card.text, card.text


async def test_a_complaint_told_with_calls_in_it_at_the_category_is_no_new_visit(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "回电话" reads like a call logged; at a complaint's category it is this complaint's words.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂")
    assert "投诉类别" in (await fake.wait_for(ZHANG)).text
    told = "他们说我们的客服经理三次没回电话，工单拖了一周还没人处理，很不满意"
    fake.send_text(ZHANG, told)
    kept = await fake.wait_for(ZHANG)
    assert "已记作投诉描述" in kept.text and "新的走访记录" not in kept.text, kept.text
    ask = await fake.wait_for(ZHANG)
    assert "投诉类别" in ask.text, ask.text
    await press(fake, ZHANG, ask, "服务")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "高")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    card = await fake.wait_for(ZHANG)
    assert told in card.text and "类别：服务" in card.text, card.text


async def test_another_clients_complaint_typed_at_the_category_is_offered_as_a_new_one(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Never 苏州移动's words on 华能's ticket: the new complaint is offered, this draft kept.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂")
    assert "投诉类别" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "苏州移动也反映专线这周断了两次，客户很不满意")
    offer = await fake.wait_for(ZHANG)
    assert "新的投诉" in offer.text and "已记作投诉描述" not in offer.text, offer.text
    await press(fake, ZHANG, offer, "放弃上一份")
    assert "已取消" in (await fake.wait_for(ZHANG)).text
    nxt = await fake.wait_for(ZHANG)
    while "投诉工单草稿" not in nxt.text:  # the steps the new draft still asks, tapped
        label = "我" if "谁受理" in nxt.text else "高" if "严重程度" in nxt.text else "产品质量"
        await press(fake, ZHANG, nxt, label)
        nxt = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in nxt.text and "断了两次" in nxt.text, nxt.text
    assert "华能南京电厂" not in nxt.text


async def test_an_english_summary_typed_at_how_did_you_meet_is_kept(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit")
    await fake.wait_for(ZHANG)  # which client?
    fake.send_text(ZHANG, "China Mobile Suzhou")
    assert "When was the visit" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "yesterday")
    assert "How did you meet" in (await fake.wait_for(ZHANG)).text
    told = "We reviewed the 5G private network rollout and they want a quote for two more sites"
    fake.send_text(ZHANG, told)
    assert "kept that as what was discussed" in (await fake.wait_for(ZHANG)).text
    ask = await fake.wait_for(ZHANG)
    assert "How did you meet" in ask.text, ask.text
    await press(fake, ZHANG, ask, "Phone")
    ask = await fake.wait_for(ZHANG)
    while "Confirm" not in str(ask.buttons):  # the optional steps skipped
        await press(fake, ZHANG, ask, "Skip")
        ask = await fake.wait_for(ZHANG)
    assert told in ask.text and "Phone" in ask.text, ask.text


async def test_a_long_answer_to_the_next_step_is_kept_whole_and_a_report_there_can_be_the_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")  # guided: each step asked
    assert "走访的是哪个客户" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "华能电厂")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "昨天")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "上门")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "跳过")  # whom they met
    assert "谈了什么" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "二期扩容")
    ask = await fake.wait_for(ZHANG)
    assert "下一步做什么" in ask.text, ask.text
    # The whole report typed where the next step is asked: kept whole, and offered as the summary.
    report = (
        "昨天下午去了华能电厂，见了设备部张总和采购部李经理，谈了二期扩容的设备清单和交付时间，"
        "客户希望年底前完成第一批安装，对价格还有些顾虑，希望我们再给一个优惠方案。"
        + "张总还提到明年三季度会有三期的规划，届时需要我们提前参与方案设计，"
        * 3
    )
    fake.send_text(ZHANG, report)
    kept = await fake.wait_for(ZHANG)
    assert "整段记作下一步" in kept.text, kept.text
    card = await fake.wait_for(ZHANG, lambda m: "确认" in " ".join(buttons(m)))
    assert report in card.text, card.text  # whole, not cut
    await press(fake, ZHANG, kept, "改作走访内容")
    assert "已改作走访内容" in (await fake.wait_for(ZHANG)).text
    ask = await fake.wait_for(ZHANG)
    assert "下一步做什么" in ask.text, ask.text  # asked again
    fake.send_text(ZHANG, "下周二前发优惠方案")
    card = await fake.wait_for(ZHANG, lambda m: "确认" in " ".join(buttons(m)))
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.summary == f"二期扩容\n{report}", visit.summary
    assert visit.next_step == "下周二前发优惠方案"
