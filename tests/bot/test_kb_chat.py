"""The knowledge base in chat, in-process (the real Application against the fake Telegram server):
an admin's upload edits its progress message; the handbook questions get the right rule first, in
the asker's language, with the document named once and the quoted text as the preview."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import BotConfig, build_application
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram, SentMessage
from knowledge import KnowledgeConfig
from services.bootstrap import Services, bootstrap
from services.domain import CreditRating, Role, Tier
from tests.bot.conftest import TOKEN
from tests.kit import client

EXCERPT = Path(__file__).resolve().parent.parent / "knowledge" / "handbook_excerpt.zh.md"
SAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "samples"
ADMIN, MANAGER = 1001, 1011


@pytest.fixture
async def services(tmp_path: Path, sqlite_url: str) -> AsyncIterator[Services]:
    built = await bootstrap(
        database_url=sqlite_url,
        admin_ids=[ADMIN],
        knowledge=KnowledgeConfig(directory=tmp_path / "kb"),
    )
    await built.users.add_user(telegram_id=MANAGER, name="张三", role=Role.MANAGER, team="一部")
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def chat(services: Services) -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN, bot_username="kam_test_bot")
    await fake.start()
    app = build_application(
        services, BotConfig(TOKEN, fake.api_url, fake.file_url, private_chat_interval=0.01)
    )
    fake.add_user(ADMIN, first_name="Admin", language_code="zh-hans")
    fake.add_user(MANAGER, first_name="张三", language_code="zh-hans")
    await start_application(app)
    try:
        yield fake
    finally:
        await stop_application(app)
        await fake.stop()


def first_quote(message: SentMessage) -> str:
    match = re.search(r"[“\"](.+?)[”\"] \[1\]", message.text, re.DOTALL)
    assert match, message.text
    return match.group(1)


async def ask(fake: FakeTelegram, question: str) -> SentMessage:
    fake.send_text(MANAGER, question)
    return await fake.wait_for(MANAGER, timeout=60)


async def test_the_handbook_is_uploaded_with_progress_and_its_rules_answered_first(
    chat: FakeTelegram,
) -> None:
    fake = chat
    fake.send_document(ADMIN, "服务政策手册.md", EXCERPT.read_bytes(), mime_type="text/markdown")
    done = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    to_admin = fake.messages_to(ADMIN)
    started = next(m for m in to_admin if m.text.startswith("正在处理文档"))
    progress = [m for m in to_admin if m.kind == "edit" and "段，预计还需" in m.text]
    # The first message is edited in place: progress with a bar, then the result.
    assert progress and all(m.message_id == started.message_id for m in progress)
    assert re.search(r"\[█*░*\] \d+/\d+ 段", progress[-1].text)
    assert done.kind == "edit" and done.message_id == started.message_id

    poor = await ask(fake, "信誉较差的客户多久要走访一次？")
    assert "每月至少走访一次" in first_quote(poor)
    assert "来源" in poor.text

    urgent = await ask(fake, "紧急投诉多久要解决？")
    assert "紧急：1个工作日" in first_quote(urgent)
    assert "4. 紧急：1个工作日。" in urgent.text.split("来源")[1]  # the preview is the quote
    # The section names the chapter, not the document title again.
    assert urgent.text.count("大客户服务政策手册（节选）") <= 1

    english = await ask(fake, "How soon must a critical complaint be resolved?")
    assert "紧急：1个工作日" in first_quote(english)
    # Asked in English in a Chinese session: every label is English.
    assert english.text.startswith("From the documents:") and "Sources" in english.text
    assert "来源" not in english.text and "根据资料" not in english.text

    visit = await ask(fake, "How often must I visit a client with a poor credit rating?")
    assert "每月至少走访一次" in first_quote(visit)
    assert "每6个月" not in first_quote(visit)

    # A rule asked with no period or person is the handbook's, not the asker's work summary.
    levels = await ask(fake, "投诉的严重程度分几级？")
    assert "低、中、高、紧急四级" in first_quote(levels) and "来源" in levels.text, levels.text
    leaders = await ask(fake, "领导每年要走访大客户几次？")
    assert "公司领导每年至少走访一次" in first_quote(leaders), leaders.text

    contact = await ask(fake, "投诉受理后多久要联系客户？")
    # The whole article, not its first clause up to the semicolon.
    assert "1个工作日内与客户取得联系" in first_quote(contact)
    assert "同时与客户约定勘查时间" in first_quote(contact)


async def test_a_briefing_names_each_handbook_once_then_its_section(
    chat: FakeTelegram, services: Services
) -> None:
    fake = chat
    fake.send_document(ADMIN, "服务政策手册.md", EXCERPT.read_bytes(), mime_type="text/markdown")
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    await services.clients.upsert_rows(
        None, [client(2, "华能南京电厂", MANAGER, credit_rating=CreditRating.POOR)]
    )
    brief = await ask(fake, "准备拜访华能南京电厂")
    passages = [line for line in brief.text.splitlines() if re.match(r"\[\d+\] ", line)]
    assert passages, brief.text
    for line in passages:  # "[1] 大客户服务政策手册（节选） · 第四章 …", not the title twice
        title = line.split("] ", 1)[1].split(" · ", 1)[0]
        assert line.count(title) == 1, line


async def test_an_english_readers_briefing_quotes_the_english_handbook(
    chat: FakeTelegram, services: Services
) -> None:
    fake = chat
    for name in ("service-policy-handbook.zh.md", "service-policy-handbook.en.md"):
        fake.send_document(ADMIN, name, (SAMPLES / name).read_bytes(), mime_type="text/markdown")
        await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", MANAGER, credit_rating=CreditRating.POOR),
        client(3, "江苏银行", MANAGER, tier=Tier.GROUP, credit_rating=CreditRating.GOOD,
               industry="银行金融"),
    ])  # fmt: skip
    fake.send_text(MANAGER, "/lang en")
    await fake.wait_for(MANAGER)
    for name in ("华能南京电厂", "江苏银行"):
        brief = await ask(fake, f"/brief {name}")
        passages = [line for line in brief.text.splitlines() if re.match(r"\[\d+\] ", line)]
        assert passages, brief.text
        assert all("Key-Account Service Policy Handbook" in line for line in passages), passages


async def test_the_same_document_sent_again_under_another_name_is_not_added_twice(
    chat: FakeTelegram,
) -> None:
    # Before, "规定-副本.txt" was added beside "规定.txt": /kb listed both, and every answer from
    # it was found twice.
    fake = chat
    text = "华东区大客户服务补充规定\n\n一、重要客户每季度至少上门走访一次。\n".encode()
    fake.send_document(ADMIN, "规定.txt", text, mime_type="text/plain")
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    fake.send_document(ADMIN, "规定-副本.txt", text, mime_type="text/plain")
    twin = await fake.wait_for(ADMIN, lambda m: "内容完全相同" in m.text, timeout=300)
    assert "与知识库中的“规定”内容完全相同，没有重复加入" in twin.text, twin.text
    fake.send_text(ADMIN, "/kb")
    listing = (await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)).text
    assert "规定-副本" not in listing and "（共 1 个）" in listing, listing


async def test_the_same_note_sent_for_another_client_is_added_and_the_admin_told_where_it_is(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, a client's note sent again for another client (or the company's document sent as
    # a client's note under another name) was added without a word: content checks compared
    # only documents for the same readers.
    fake = chat
    await services.clients.upsert_rows(
        None, [client(2, "华能南京电厂", MANAGER), client(3, "中国移动苏州分公司", MANAGER)]
    )
    note = "拜访备忘\n\n机房在三号楼地下一层，进入需提前一天登记。\n".encode()
    fake.send_document(ADMIN, "华能备忘.txt", note, mime_type="text/plain",
                       caption="客户：华能南京电厂")  # fmt: skip
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    fake.send_document(ADMIN, "移动备忘.txt", note, mime_type="text/plain",
                       caption="客户：中国移动苏州分公司")  # fmt: skip
    added = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    assert "仅“中国移动苏州分公司”的客户经理和主管可见" in added.text, added.text
    told = await fake.wait_for(ADMIN, lambda m: "内容完全相同" in m.text)
    assert "• “华能备忘”——仅“华能南京电厂”的客户经理和主管可见" in told.text, told.text
    assert [b["text"] for b in told.buttons] == ["🗑 删除“华能备忘”"]

    # The company's handbook under another name, sent as one client's note: it is said that
    # every manager reads it already.
    rule = "服务规定\n\n重要客户每季度至少上门走访一次。\n".encode()
    fake.send_document(ADMIN, "服务规定.txt", rule, mime_type="text/plain")
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text and "服务规定" in m.text,
                        timeout=300)  # fmt: skip
    fake.send_document(ADMIN, "华能走访要求.txt", rule, mime_type="text/plain",
                       caption="客户：华能南京电厂")  # fmt: skip
    told = await fake.wait_for(ADMIN, lambda m: "内容完全相同" in m.text and "服务规定" in m.text,
                               timeout=300)  # fmt: skip
    assert "• “服务规定”——全公司可见：所有客户经理都能读到" in told.text, told.text
    fake.press_button(ADMIN, told.message_id, told.buttons[0]["callback_data"])
    asked = await fake.wait_for(ADMIN, lambda m: "确定要从知识库删除" in m.text)
    assert "“服务规定”" in asked.text, asked.text
    assert services.knowledge is not None and len(services.knowledge.documents()) == 4
    assert fake.messages_to(MANAGER) == []  # nothing of it reaches anyone else


async def test_a_manager_sees_the_documents_that_answer_them_without_remove_buttons(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, /kb told a manager 没有权限: they could not see what their answers come from.
    fake = chat
    other = 1012
    await services.users.add_user(telegram_id=other, name="李四", role=Role.MANAGER, team="一部")
    await services.clients.upsert_rows(None, [client(2, "华能南京电厂", other)])
    admin = await services.users.resolve_actor(ADMIN)
    assert admin is not None
    huaneng = (await services.clients.find(admin, "华能南京电厂")).sure
    assert huaneng is not None
    fake.send_document(ADMIN, "规定.txt", "华东区补充规定\n\n重要客户每季度至少走访一次。\n".encode(),
                       mime_type="text/plain")  # fmt: skip
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    assert services.knowledge is not None
    services.knowledge.ingest_bytes(
        "华能备忘.txt", "华能南京电厂备忘\n\n机房在三号楼。\n".encode(), client_id=huaneng.id
    )

    fake.send_text(MANAGER, "/kb")
    listing = await fake.wait_for(MANAGER, lambda m: "知识库文档" in m.text)
    assert "规定" in listing.text and "（共 1 个）" in listing.text, listing.text
    assert "华能备忘" not in listing.text  # another manager's client's note
    assert not listing.buttons  # only an admin removes documents

    fake.send_text(other, "/kb")
    own = await fake.wait_for(other, lambda m: "知识库文档" in m.text)
    assert "华能备忘" in own.text and "（共 2 个）" in own.text, own.text

    fake.send_text(ADMIN, "/kb")
    every = await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)
    assert "（共 2 个）" in every.text and every.buttons, every.text


async def test_removing_a_document_asks_first_naming_it_and_keep_leaves_it(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, one tap on 🗑 删除 N removed the document at once: a slip of the thumb took a
    # company document, and every answer quoted from it, away from everyone.
    fake = chat
    fake.send_document(ADMIN, "规定.txt", "华东区补充规定\n\n重要客户每季度至少走访一次。\n".encode(),
                       mime_type="text/plain")  # fmt: skip
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    assert services.knowledge is not None

    async def press_remove() -> SentMessage:
        fake.send_text(ADMIN, "/kb")
        listing = await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)
        remove = listing.buttons[0]
        assert remove["text"] == "🗑 删除 1", listing.buttons
        fake.press_button(ADMIN, listing.message_id, remove["callback_data"])
        return await fake.wait_for(ADMIN, lambda m: "确定要从知识库删除" in m.text)

    asked = await press_remove()
    assert "“规定”" in asked.text, asked.text
    assert len(services.knowledge.documents()) == 1  # nothing removed by the first tap
    keep, yes = asked.buttons[1], asked.buttons[0]
    assert (yes["text"], keep["text"]) == ("🗑 确认删除", "保留")
    fake.press_button(ADMIN, asked.message_id, keep["callback_data"])
    kept = await fake.wait_for(ADMIN, lambda m: "没有删除" in m.text)
    assert "仍在知识库中" in kept.text
    assert len(services.knowledge.documents()) == 1

    asked = await press_remove()
    fake.press_button(ADMIN, asked.message_id, asked.buttons[0]["callback_data"])
    done = await fake.wait_for(ADMIN, lambda m: "已从知识库删除" in m.text)
    assert "规定" in done.text
    assert services.knowledge.documents() == []


async def test_a_broken_or_empty_upload_is_named_with_what_to_do_and_nothing_is_added(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, "文件已损坏或无法读取" alone: the admin was not told what to do about it.
    fake = chat
    fake.send_document(ADMIN, "制度.docx", "其实是纯文本".encode(), mime_type="text/plain")
    broken = await fake.wait_for(ADMIN, lambda m: "❌" in m.text, timeout=60)
    assert "制度.docx" in broken.text and "已损坏或无法读取" in broken.text, broken.text
    assert "另存为 DOCX 或 PDF，再重新发送" in broken.text, broken.text
    fake.send_document(ADMIN, "空白.txt", b"\n\n", mime_type="text/plain")
    empty = await fake.wait_for(ADMIN, lambda m: "❌" in m.text, timeout=60)
    assert "空白.txt" in empty.text and "请确认发送的是正确的文件" in empty.text, empty.text
    assert services.knowledge is not None and services.knowledge.documents() == []


async def test_a_note_filed_for_one_client_is_read_only_by_that_clients_manager(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, a document sent in chat was always the whole company's: an admin had no way to
    # file a client's own note (a site's access rules, a contract's terms) for its manager alone.
    fake = chat
    other = 1012
    await services.users.add_user(telegram_id=other, name="李四", role=Role.MANAGER, team="一部")
    fake.add_user(other, first_name="李四", language_code="zh-hans")
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", MANAGER), client(3, "华能上海石洞口电厂", other),
    ])  # fmt: skip
    note = "客户备忘\n\n机房在三号楼地下一层，进入需提前一天向保卫科登记。\n".encode()

    fake.send_document(ADMIN, "备忘.txt", note, mime_type="text/plain", caption="客户：华能")
    vague = await fake.wait_for(ADMIN, lambda m: "没有加入" in m.text, timeout=60)
    assert "华能南京电厂" in vague.text and "华能上海石洞口电厂" in vague.text, vague.text
    fake.send_document(ADMIN, "备忘.txt", note, mime_type="text/plain", caption="客户：沙钢")
    unknown = await fake.wait_for(ADMIN, lambda m: "没有找到客户“沙钢”" in m.text, timeout=60)
    assert "文档没有加入" in unknown.text, unknown.text
    assert services.knowledge is not None and services.knowledge.documents() == []

    fake.send_document(
        ADMIN, "备忘.txt", note, mime_type="text/plain", caption="客户：华能南京电厂"
    )
    done = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    assert "仅“华能南京电厂”的客户经理和主管可见" in done.text, done.text
    fake.send_text(ADMIN, "/kb")
    listing = await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)
    assert "备忘 — 1 段" in listing.text and "（🔒 华能南京电厂）" in listing.text, listing.text

    own = await ask(fake, "机房在哪里？")
    assert "三号楼地下一层" in own.text and "来源" in own.text, own.text
    fake.send_text(other, "机房在哪里？")
    theirs = await fake.wait_for(other, timeout=60)
    assert "三号楼" not in theirs.text and "备忘" not in theirs.text, theirs.text


async def test_a_spreadsheet_filed_for_a_client_goes_to_the_knowledge_base_not_the_import(
    chat: FakeTelegram, services: Services
) -> None:
    from tests.knowledge.builders import xlsx_file

    fake = chat
    await services.clients.upsert_rows(None, [client(2, "华能南京电厂", MANAGER)])
    sheet = xlsx_file({"价格": [["产品", "协议价"], ["专线100M", "每月3800元"]]})
    fake.send_document(ADMIN, "华能协议价.xlsx", sheet, caption="客户：华能南京电厂")
    done = await fake.wait_for(ADMIN, lambda m: "知识库" in m.text or "导入" in m.text, timeout=300)
    assert "已加入知识库" in done.text and "华能南京电厂" in done.text, done.text


async def test_a_revised_edition_offers_replacing_the_old_one_and_then_only_it_is_quoted(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, "销售管理办法（2026修订）.txt" was added beside "销售管理办法.txt" without a word,
    # and the discount question was answered with both the old and the new rule.
    fake = chat
    old = "销售管理办法\n\n第五条 合同折扣不得低于八折，低于八折须经销售总监审批。\n"
    new = "销售管理办法修订\n\n第五条 合同折扣不得低于七五折，低于七五折须经销售总监审批。\n"
    fake.send_document(ADMIN, "销售管理办法.txt", old.encode(), mime_type="text/plain")
    first = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    fake.send_document(ADMIN, "销售管理办法-副本.txt", old.encode(), mime_type="text/plain")
    await fake.wait_for(ADMIN, lambda m: "内容完全相同" in m.text, timeout=300)
    fake.send_document(ADMIN, "销售管理办法（2026修订）.txt", new.encode(), mime_type="text/plain")
    offer = await fake.wait_for(ADMIN, lambda m: "替换旧版本吗" in m.text, timeout=300)
    assert "• 销售管理办法（" in offer.text and "2026修订" not in offer.text, offer.text
    assert "旧版本现已暂停引用，回答只引用这份新文件" in offer.text, offer.text
    labels = [b["text"] for b in offer.buttons]
    assert labels == ["🔁 替换旧版本“销售管理办法”", "两个都保留"], offer.buttons
    assert "旧版本" not in first.text  # the first upload had nothing to compare with
    # Before the admin taps, only the new edition answers (before, both rules were quoted
    # until the tap, and for good if it never came).
    discount = await ask(fake, "合同折扣最低可以打几折？")
    assert "七五折" in discount.text and "八折" not in discount.text, discount.text

    # Only an admin replaces: a manager's forged press is refused on the server.
    replace = offer.buttons[0]["callback_data"]
    fake.press_button(MANAGER, offer.message_id, replace, forge=True, chat_id=ADMIN)
    await wait_until(lambda: any("没有权限" in (a.text or "") for a in fake.callback_answers))
    assert services.knowledge is not None and len(services.knowledge.documents()) == 2

    fake.press_button(ADMIN, offer.message_id, replace)
    done = await fake.wait_for(ADMIN, lambda m: "已替换" in m.text)
    assert "旧版本“销售管理办法”已从知识库删除，回答只引用“销售管理办法（2026修订）”" in done.text
    assert [d.title for d in services.knowledge.documents()] == ["销售管理办法（2026修订）"]
    discount = await ask(fake, "合同折扣最低可以打几折？")
    assert "七五折" in discount.text and "八折" not in discount.text, discount.text

    fake.press_button(ADMIN, offer.message_id, replace)  # pressed again: nothing left to replace
    await wait_until(lambda: fake.callback_answers[-1].text == "这个按钮已失效，请重新操作。")


async def test_keeping_both_editions_says_so_and_removes_nothing(
    chat: FakeTelegram, services: Services
) -> None:
    fake = chat
    fake.send_document(ADMIN, "值班通知.txt", "春节值班\n\n值班电话400-800-1234。\n".encode(),
                       mime_type="text/plain")  # fmt: skip
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    fake.send_document(ADMIN, "值班通知-v2.txt", "春节值班\n\n值班电话400-800-5678。\n".encode(),
                       mime_type="text/plain")  # fmt: skip
    offer = await fake.wait_for(ADMIN, lambda m: "替换旧版本吗" in m.text, timeout=300)
    phone = await ask(fake, "春节值班电话是多少？")
    assert "5678" in phone.text and "1234" not in phone.text, phone.text
    fake.press_button(ADMIN, offer.message_id, offer.buttons[1]["callback_data"])
    kept = await fake.wait_for(ADMIN, lambda m: "两个版本都保留" in m.text)
    assert "“值班通知”已恢复引用" in kept.text, kept.text
    assert services.knowledge is not None
    assert [d.held_for for d in services.knowledge.documents()] == [None, None]
    phone = await ask(fake, "春节值班电话是多少？")
    assert "1234" in phone.text, phone.text  # the old edition answers again, beside the new
    fake.press_button(ADMIN, offer.message_id, offer.buttons[1]["callback_data"])  # again
    await wait_until(lambda: fake.callback_answers[-1].text == "这个按钮已失效，请重新操作。")


async def test_an_edition_never_chosen_about_stays_set_aside_and_kb_offers_both_choices(
    chat: FakeTelegram, services: Services
) -> None:
    # The admin never taps under the upload: nothing is lost. The new edition answers, the old
    # one is set aside (listed for the admin with both choices, hidden from managers' /kb).
    fake = chat
    fake.send_document(ADMIN, "值班通知.txt", "春节值班\n\n值班电话400-800-1234。\n".encode(),
                       mime_type="text/plain")  # fmt: skip
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    fake.send_document(ADMIN, "值班通知-v2.txt", "春节值班\n\n值班电话400-800-5678。\n".encode(),
                       mime_type="text/plain")  # fmt: skip
    await fake.wait_for(ADMIN, lambda m: "替换旧版本吗" in m.text, timeout=300)
    fake.send_text(ADMIN, "/kb")
    listing = await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)
    assert "1. 值班通知 — 1 段" in listing.text, listing.text
    assert "（⏸ 因“值班通知-v2”暂停引用" in listing.text, listing.text
    labels = [b["text"] for b in listing.buttons]
    assert labels == ["🗑 删除 1", "▶ 恢复 1", "🗑 删除 2"], labels
    fake.send_text(ADMIN, "/kb 值班通知.")  # the new edition's name does not hold it
    part = await fake.wait_for(ADMIN, lambda m: "名称含“值班通知.”" in m.text)
    assert "（⏸ 因“值班通知-v2”暂停引用" in part.text, part.text
    fake.send_text(MANAGER, "/kb")
    theirs = await fake.wait_for(MANAGER, lambda m: "知识库文档" in m.text)
    assert "值班通知-v2" in theirs.text and "1234" not in theirs.text
    assert "（共 1 个）" in theirs.text, theirs.text

    # Removing the new edition brings the old one back: it is not left set aside for nothing.
    removing = next(b for b in listing.buttons if b["text"] == "🗑 删除 2")
    fake.press_button(ADMIN, listing.message_id, removing["callback_data"])
    asked = await fake.wait_for(ADMIN, lambda m: "确定要从知识库删除" in m.text)
    fake.press_button(ADMIN, asked.message_id, asked.buttons[0]["callback_data"])
    await fake.wait_for(ADMIN, lambda m: "已从知识库删除" in m.text)
    phone = await ask(fake, "春节值班电话是多少？")
    assert "1234" in phone.text, phone.text


async def test_kb_pages_a_long_list_and_filters_by_part_of_a_name(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, /kb gave remove buttons for the first 100 documents only, and no way to find one.
    fake = chat
    assert services.knowledge is not None
    for n in range(1, 45):
        services.knowledge.ingest_bytes(
            f"客户走访记录{n:02d}.txt",
            f"走访记录{n}\n\n第{n}次走访，客户提出{n}项需求。\n".encode(),
        )
    services.knowledge.ingest_bytes(
        "销售管理办法.txt", "销售管理办法\n\n合同折扣不得低于八折。\n".encode()
    )

    fake.send_text(ADMIN, "/kb")
    page = await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)
    assert "（共 45 个）" in page.text and "第 1/3 页" in page.text, page.text
    assert "/kb 销售" in page.text  # how to find one without paging
    labels = [b["text"] for b in page.buttons]
    assert labels[0] == "🗑 删除 1" and labels[19] == "🗑 删除 20" and labels[-1] == "下一页 ▶"
    for n in (2, 3):
        fake.press_button(ADMIN, page.message_id, page.buttons[-1]["callback_data"])
        page = await fake.wait_for(ADMIN, lambda m, n=n: f"第 {n}/3 页" in m.text)
    labels = [b["text"] for b in page.buttons]
    assert labels[0] == "🗑 删除 41" and labels[-2:] == ["🗑 删除 45", "◀ 上一页"], labels
    assert "45. 销售管理办法" in page.text, page.text
    fake.press_button(ADMIN, page.message_id, page.buttons[4]["callback_data"])  # 🗑 删除 45
    asked = await fake.wait_for(ADMIN, lambda m: "确定要从知识库删除" in m.text)
    assert "“销售管理办法”" in asked.text, asked.text

    fake.send_text(ADMIN, "/kb 走访记录0")
    found = await fake.wait_for(ADMIN, lambda m: "名称含“走访记录0”" in m.text)
    assert "（共 9 个）" not in found.text and "共 9 个" in found.text, found.text
    assert "页" not in found.text and len(found.buttons) == 9, found.text
    fake.send_text(ADMIN, "/kb 值班")
    await fake.wait_for(ADMIN, lambda m: "没有名称含“值班”的文档" in m.text)

    # A manager pages the documents they read, without remove buttons; a forged remove is refused.
    fake.send_text(MANAGER, "/kb")
    theirs = await fake.wait_for(MANAGER, lambda m: "知识库文档" in m.text)
    assert [b["text"] for b in theirs.buttons] == ["下一页 ▶"], theirs.buttons
    fake.press_button(MANAGER, theirs.message_id, asked.buttons[0]["callback_data"], forge=True)
    await wait_until(lambda: any("没有权限" in (a.text or "") for a in fake.callback_answers))
    assert len(services.knowledge.documents()) == 45


async def wait_until(check: Callable[[], bool], timeout: float = 30.0) -> None:  # noqa: ASYNC109
    """A press answered without a message (an alert): its answer is awaited here."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


async def test_a_price_table_sent_without_caption_is_told_how_to_add_it_to_the_knowledge_base(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, a spreadsheet that is no client list got only "缺少必填列 客户名称": the admin was
    # not told that the caption 知识库 adds it to the knowledge base.
    from tests.knowledge.builders import xlsx_file

    fake = chat
    sheet = xlsx_file({"折扣": [["客户等级", "最低折扣"], ["战略客户", "七五折"]]})
    fake.send_document(ADMIN, "折扣表.xlsx", sheet)
    failed = await fake.wait_for(ADMIN, lambda m: "没有导入任何数据" in m.text, timeout=60)
    assert "在文件说明中写“知识库”" in failed.text, failed.text
    fake.send_document(ADMIN, "折扣表.xlsx", sheet, caption="知识库")
    added = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    assert "折扣表" in added.text, added.text

    # A client list with one column misspelt keeps its own message, with no such hint.
    clients = xlsx_file({"客户": [["客户名称", "客户经里ID"], ["华能南京电厂", str(MANAGER)]]})
    fake.send_document(ADMIN, "客户.xlsx", clients)
    typo = await fake.wait_for(ADMIN, lambda m: "客户.xlsx 有" in m.text, timeout=60)
    assert "知识库" not in typo.text, typo.text


async def test_a_scanned_pdfs_upload_counts_its_pages_as_ocr_reads_them(
    chat: FakeTelegram,
) -> None:
    # Before, "正在处理文档…" stood still while OCR read the pages, seconds each.
    from tests.media.builders import scanned_pdf

    fake = chat
    pages = [["安全生产规定", "第一条 进入客户机房须佩戴安全帽。"],
             ["第二条 高空作业须两人同行。"], ["第三条 动火作业须办理动火证。"]]  # fmt: skip
    fake.send_document(ADMIN, "安全规定扫描件.pdf", scanned_pdf(pages), mime_type="application/pdf")
    done = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    reading = [m for m in fake.messages_to(ADMIN) if "正在识别扫描件" in m.text]
    assert reading and all(m.message_id == done.message_id for m in reading), reading
    assert re.search(r"\[█*░*\] 第 [123]/3 页", reading[0].text), reading[0].text
    assert "页数：3" in done.text, done.text


async def test_an_admins_page_photo_filed_for_a_client_is_that_clients_alone(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, a page photo captioned 客户：… was filed for everyone (the caption was read only
    # for "知识库").
    from tests.media.builders import jpeg, page_image

    fake = chat
    await services.clients.upsert_rows(None, [client(2, "华能南京电厂", MANAGER)])
    page = jpeg(page_image(["华能南京电厂进厂须知", "机房在三号楼地下一层，进入需提前一天登记。"]))
    fake.send_photo(ADMIN, page, caption="客户：沙钢")
    refused = await fake.wait_for(ADMIN, lambda m: "没有找到客户“沙钢”" in m.text)
    assert "没有加入" in refused.text, refused.text
    fake.send_photo(ADMIN, page, caption="客户：华能南京电厂")
    done = await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    assert "仅“华能南京电厂”的客户经理和主管可见" in done.text, done.text
    assert services.knowledge is not None
    [document] = services.knowledge.documents()
    assert document.client_id is not None


async def test_a_word_97_or_wps_file_is_told_to_be_saved_as_docx_or_pdf(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, "制度.doc" got only "不支持这种文件类型": the admin was not told that Word or WPS
    # saves it as DOCX or PDF in two clicks.
    fake = chat
    fake.send_document(ADMIN, "制度.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    old_word = await fake.wait_for(ADMIN, lambda m: "❌" in m.text, timeout=60)
    assert "制度.doc" in old_word.text and "“另存为” DOCX 或 PDF" in old_word.text, old_word.text
    fake.send_document(ADMIN, "资料.7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 64)
    other = await fake.wait_for(ADMIN, lambda m: "资料.7z" in m.text and "❌" in m.text)
    assert "不支持这种文件类型" in other.text and "另存为" not in other.text, other.text
    assert services.knowledge is not None and services.knowledge.documents() == []


async def test_a_note_sent_again_for_its_client_offers_removing_the_copy_everyone_reads(
    chat: FakeTelegram, services: Services
) -> None:
    # Before, sending the note again with 客户：… added a client's copy and said nothing of the
    # first one, which every manager could still read.
    fake = chat
    await services.clients.upsert_rows(None, [client(2, "华能南京电厂", MANAGER)])
    note = "华能备忘\n\n机房在三号楼地下一层，进入需提前一天登记。\n".encode()
    fake.send_document(ADMIN, "华能备忘.txt", note, mime_type="text/plain")
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text, timeout=300)
    fake.send_document(
        ADMIN, "华能备忘.txt", note, mime_type="text/plain", caption="客户：华能南京电厂"
    )
    offer = await fake.wait_for(ADMIN, lambda m: "全公司可见" in m.text, timeout=300)
    assert "所有客户经理仍能读到" in offer.text, offer.text
    assert [b["text"] for b in offer.buttons] == ["🗑 删除全公司可见的“华能备忘”"]
    fake.press_button(ADMIN, offer.message_id, offer.buttons[0]["callback_data"])
    asked = await fake.wait_for(ADMIN, lambda m: "确定要从知识库删除" in m.text)
    fake.press_button(ADMIN, asked.message_id, asked.buttons[0]["callback_data"])
    await fake.wait_for(ADMIN, lambda m: "已从知识库删除" in m.text)
    assert services.knowledge is not None
    assert [d.client_id is not None for d in services.knowledge.documents()] == [True]


@pytest.fixture
async def album_chat(services: Services) -> AsyncIterator[FakeTelegram]:
    """As `chat`, with Telegram's clock standing still: photos sent one after another carry the
    same second, as an album's pages do."""
    fake = FakeTelegram(token=TOKEN, bot_username="kam_test_bot", clock=lambda: 1_796_000_000.0)
    await fake.start()
    app = build_application(
        services, BotConfig(TOKEN, fake.api_url, fake.file_url, private_chat_interval=0.01)
    )
    fake.add_user(ADMIN, first_name="Admin", language_code="zh-hans")
    fake.add_user(MANAGER, first_name="张三", language_code="zh-hans")
    await start_application(app)
    try:
        yield fake
    finally:
        await stop_application(app)
        await fake.stop()


async def test_a_photographed_revised_page_sets_the_old_page_aside_as_a_revised_document_does(
    album_chat: FakeTelegram, services: Services
) -> None:
    # Before, a page photo was filed with no look at earlier editions (answers quoted the old
    # duty phone beside the new one), and two photos of one second were filed under one name:
    # the second page replaced the first.
    from tests.media.builders import jpeg, page_image

    fake = album_chat
    duty = ["值班通知", "春节期间值班电话为400-800-1234，请各客户经理告知客户。"]
    other = ["华能南京电厂进厂须知", "机房在三号楼地下一层，进入需提前一天登记。"]
    fake.send_photo(ADMIN, jpeg(page_image(duty, seed=1)), caption="知识库")
    fake.send_photo(ADMIN, jpeg(page_image(other, seed=2)), caption="知识库")
    await fake.wait_for(ADMIN, lambda m: "已加入知识库" in m.text and "进厂须知" in m.text,
                        timeout=300)  # fmt: skip
    assert services.knowledge is not None
    assert sorted(d.title for d in services.knowledge.documents()) == [
        "值班通知", "华能南京电厂进厂须知",
    ], services.knowledge.documents()  # fmt: skip
    # Two unrelated pages: neither is taken for the other's edition (their names are both
    # the bot's photo-… names).
    assert not [m for m in fake.messages_to(ADMIN) if "替换旧版本吗" in m.text]
    assert [d.held_for for d in services.knowledge.documents()] == [None, None]

    revised = ["值班通知(2026修订)", "春节期间值班电话改为400-800-5678，请各客户经理告知客户。"]
    fake.send_photo(ADMIN, jpeg(page_image(revised, seed=3)), caption="知识库")
    offer = await fake.wait_for(ADMIN, lambda m: "替换旧版本吗" in m.text, timeout=300)
    assert "旧版本现已暂停引用" in offer.text and "• 值班通知（" in offer.text, offer.text
    assert [b["text"] for b in offer.buttons] == ["🔁 替换旧版本“值班通知”", "两个都保留"]
    phone = await ask(fake, "春节值班电话是多少？")
    assert "5678" in phone.text and "1234" not in phone.text, phone.text

    fake.send_text(ADMIN, "/kb")
    listing = await fake.wait_for(ADMIN, lambda m: "知识库文档" in m.text)
    assert "（⏸ 因“值班通知(2026修订)”暂停引用" in listing.text, listing.text
    fake.press_button(ADMIN, offer.message_id, offer.buttons[0]["callback_data"])
    await fake.wait_for(ADMIN, lambda m: "已替换" in m.text)
    assert sorted(d.title for d in services.knowledge.documents()) == [
        "值班通知(2026修订)", "华能南京电厂进厂须知",
    ]  # fmt: skip
