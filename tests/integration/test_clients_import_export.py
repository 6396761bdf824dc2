"""Client files: import all-or-nothing, re-import updates, exports read back, on both databases."""

from __future__ import annotations

import asyncio
import csv
import io

from openpyxl import load_workbook

from services.bootstrap import Services, bootstrap
from services.domain import CreditRating, Language, Role, Tier
from services.exports import ExportFormat, ExportKind

GOOD_CSV = """客户名称,客户经理ID,客户类型,信誉等级,战略,行业,最近走访日期,联系人,职务,电话
华能南京电厂,11,重要,差,发展,电力,2026-10-01,张总,设备部主任,13800000001
华能南京电厂,11,重要,差,发展,电力,2026-10-01,刘工,信息中心,13800000002
<A&B> 精细化工,11,商业,优,维持,化工,2026-05-03,,,
""".encode()

BAD_CSV = """客户名称,客户经理ID,客户类型,信誉等级
好客户,11,重要,优
坏评级,11,重要,很好
,11,商业,中
陌生经理,999,商业,中
""".encode()


async def _people(services: Services) -> None:
    await services.users.add_user(telegram_id=1, name="管理员", role=Role.ADMIN, team=None)
    await services.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team="一部")


async def test_a_good_file_imports_clients_with_their_contacts(services: Services) -> None:
    await _people(services)
    result = await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    assert result.ok and (result.created, result.updated) == (2, 0)
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    hit = (await services.clients.search(admin, "华能"))[0]
    card = await services.clients.card(admin, hit.id)
    assert card.tier is Tier.IMPORTANT and card.credit_rating is CreditRating.POOR
    assert [c.name for c in card.contacts] == ["张总", "刘工"]
    assert card.owner_name == "张三"


async def test_reimporting_the_same_file_updates_and_never_duplicates(services: Services) -> None:
    await _people(services)
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    again = await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    # The same file again changes nothing, and says so (issue 12): not "2 updated".
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    assert len(await services.clients.search(admin, "华能南京电厂")) == 1
    card = await services.clients.card(admin, (await services.clients.search(admin, "华能"))[0].id)
    assert len(card.contacts) == 2


async def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_row(
    services: Services,
) -> None:
    await _people(services)
    result = await services.clients.import_file(None, "bad.csv", BAD_CSV)
    assert not result.ok
    assert {(e.line, e.code) for e in result.errors} >= {(3, "bad_rating"), (4, "required")}
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    assert await services.clients.search(admin, "好客户") == []


async def test_an_unknown_account_manager_id_fails_the_whole_import(services: Services) -> None:
    await _people(services)
    data = "客户名称,客户经理ID\n好客户,11\n陌生经理,999\n".encode()
    result = await services.clients.import_file(None, "x.csv", data)
    assert [(e.line, e.code) for e in result.errors] == [(3, "unknown_owner")]
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    assert await services.clients.search(admin, "好客户") == []


async def test_a_large_file_naming_its_manager_imports_to_that_manager(
    services: Services,
) -> None:
    # Past 16 KB the file is parsed in a worker process: names are resolved there too.
    await _people(services)
    rows = "".join(f"客户{i:04d}有限公司,张三,优\n" for i in range(1500))
    data = ("客户名称,客户经理,信用等级\n" + rows).encode()
    assert len(data) > 16 * 1024
    result = await services.clients.import_file(None, "big.csv", data)
    assert result.ok and result.created == 1500, result.errors[:3]
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    card = await services.clients.card(
        admin, (await services.clients.search(admin, "客户1499"))[0].id
    )
    assert card.owner_name == "张三"


async def test_the_client_export_reads_back_and_respects_access(services: Services) -> None:
    await _people(services)
    await services.users.add_user(telegram_id=12, name="李四", role=Role.MANAGER, team="一部")
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    await services.clients.import_file(
        None, "more.csv", "客户名称,客户经理ID\n李四的客户,12\n".encode()
    )
    data = await services.exports.export(None, ExportKind.CLIENTS, ExportFormat.XLSX, Language.ZH)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "客户名称" and len(rows) == 4
    assert {r[0] for r in rows[1:]} == {"华能南京电厂", "<A&B> 精细化工", "李四的客户"}
    zhang = await services.users.resolve_actor(11)
    assert zhang is not None
    mine = await services.exports.export(zhang, ExportKind.CLIENTS, ExportFormat.CSV, Language.EN)
    lines = list(csv.reader(io.StringIO(mine.decode("utf-8-sig"))))
    assert lines[0][:2] == ["Client", "English name"]
    assert sorted(r[0] for r in lines[1:]) == ["<A&B> 精细化工", "华能南京电厂"]


async def test_an_exported_file_imports_back_unchanged(services: Services) -> None:
    await _people(services)
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    data = await services.exports.export(None, ExportKind.CLIENTS, ExportFormat.XLSX, Language.ZH)
    again = await services.clients.import_file(None, "export.xlsx", data)
    assert again.ok, again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)  # unchanged, truly


async def test_an_english_readers_export_imports_back_unchanged_and_keeps_the_stored_names(
    services: Services,
) -> None:
    # The English file has English headers, labels with a capital and an "English name" column:
    # the importer reads it back as the same clients (matched by the stored name), none new.
    await _people(services)
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    more = "客户名称,客户经理ID,别名\n江苏沙钢集团有限公司,11,沙钢;Shagang Group\n".encode()
    assert (await services.clients.import_file(None, "more.csv", more)).created == 1
    for fmt in (ExportFormat.XLSX, ExportFormat.CSV):
        data = await services.exports.export(None, ExportKind.CLIENTS, fmt, Language.EN)
        again = await services.clients.import_file(None, f"export.{fmt.value}", data)
        assert again.ok, again.errors
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3), fmt
    rows = await services.exports.rows(None, ExportKind.CLIENTS, Language.EN)
    header, *clients = rows
    assert header[:4] == [
        "Client",
        "English name",
        "Account manager Telegram ID",
        "Account manager",
    ]
    assert [r[:2] for r in clients] == [
        ["<A&B> 精细化工", None], ["华能南京电厂", None], ["江苏沙钢集团有限公司", "Shagang Group"]
    ]  # fmt: skip
    power = clients[1]
    assert [power[header.index(h)] for h in ("Tier", "Credit rating", "Strategy")] == [
        "Important", "Poor", "Develop"
    ]  # fmt: skip


def test_the_importer_reads_each_english_client_file_header_as_its_column() -> None:
    # Read back by name, not by position: a header the importer did not know would be dropped
    # silently (the last visit day), or fail the file (the manager's Telegram ID).
    from config.catalog import text
    from services.client_import import _columns
    from services.exports import COLUMNS, columns

    for counted in ("on_site", "any"):
        headers = [
            text("en", f"export.col.clients.{c}", counted=counted)
            if c != "client_en"
            else text("en", "export.col.client_en")
            for c in columns(ExportKind.CLIENTS, Language.EN)
        ]
        read = _columns(headers)
        assert {column: headers[i] for column, i in read.items()} == {
            "name": "Client",
            "owner_telegram_id": "Account manager Telegram ID",
            "tier": "Tier",
            "credit_rating": "Credit rating",
            "strategy": "Strategy",
            "industry": "Industry",
            "region": "Region",
            "address": "Address",
            "latitude": "Latitude",
            "longitude": "Longitude",
            "last_visit_on": headers[
                columns(ExportKind.CLIENTS, Language.EN).index("last_visit_on")
            ],
            "aliases": "Aliases",
            "notes": "Notes",
        }
    assert len(columns(ExportKind.CLIENTS, Language.EN)) == len(COLUMNS[ExportKind.CLIENTS]) + 1


async def test_traditional_and_simplified_chinese_exports_have_no_english_column(
    services: Services,
) -> None:
    await _people(services)
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    for lang, name, tier in (
        (Language.ZH, "客户名称", "重要大客户"),
        (Language.ZH_HANT, "客戶名稱", "重要大客戶"),
    ):
        header, *rows = await services.exports.rows(None, ExportKind.CLIENTS, lang)
        assert header[0] == name and len(header) == 15, header
        assert "英文名" not in header and "英文名" not in "".join(map(str, header))
        assert rows[1][0] == "华能南京电厂" and rows[1][3] == tier


async def test_concurrent_writers_never_hit_a_locked_database(database_url: str) -> None:
    # Two separate engines on one database stand for the bot and a CLI command writing at once.
    first = await bootstrap(database_url=database_url)
    second = await bootstrap(database_url=database_url, run_migrations=False)
    try:

        async def add(svc: Services, n: int) -> None:
            await svc.users.add_user(telegram_id=1000 + n, name=f"用户{n}", role=Role.MANAGER,
                                     team=f"组{n % 3}")  # fmt: skip

        await asyncio.gather(*(add(first if n % 2 else second, n) for n in range(40)))
        assert len(await first.users.list_users()) == 40
    finally:
        await first.close()
        await second.close()


async def test_the_exported_last_visit_column_says_it_is_the_last_on_site_visit(
    services: Services,
) -> None:
    # The column holds the day the cadence counts from: with the default policy, the last
    # on-site visit. A later phone call must not make it read as "the last visit".
    await _people(services)
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    visits = ("client,date,kind,by,summary\n"
              "华能南京电厂,2026-11-02,on_site,11,上门走访\n"
              "华能南京电厂,2026-11-20,phone,11,电话回访\n").encode()  # fmt: skip
    assert (await services.visit_import.import_file(None, "visits.csv", visits)).created == 2
    data = await services.exports.export(None, ExportKind.CLIENTS, ExportFormat.XLSX, Language.ZH)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == "华能南京电厂")
    column = header.index("最近上门走访日期")
    assert row[column].date().isoformat() == "2026-11-02"
    assert "最近走访日期" not in header


async def test_a_file_giving_a_client_another_manager_says_so_after_the_counts(
    services: Services,
) -> None:
    # Before, "更新 1 个客户" was all: a client silently left its manager's list.
    from bot.render import import_done

    await _people(services)
    await services.users.add_user(telegram_id=12, name="李四", role=Role.MANAGER, team="一部")
    await services.clients.import_file(None, "clients.csv", GOOD_CSV)
    moved = "客户名称,客户经理ID,信誉等级\n华能南京电厂,12,差\n<A&B> 精细化工,11,中\n".encode()
    result = await services.clients.import_file(None, "clients.csv", moved)
    assert (result.updated, result.reassigned) == (2, 1)
    text = import_done("zh", result)
    assert text.startswith("✅ 导入完成：新增 0 个客户，更新 2 个客户。"), text
    assert "其中 1 个客户按文件换了客户经理，原客户经理将不再看到这些客户。" in text, text
    assert "1 of them now has another account manager" in import_done("en", result)
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    hit = (await services.clients.search(admin, "华能南京电厂"))[0]
    assert (await services.clients.card(admin, hit.id)).owner_name == "李四"
    again = await services.clients.import_file(None, "clients.csv", moved)
    assert again.reassigned == 0 and "换了客户经理" not in import_done("zh", again)
