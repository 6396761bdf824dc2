"""/export: clients, visits or complaints as a spreadsheet or CSV file."""

from __future__ import annotations

import io

from telegram import InputFile, Update
from telegram.constants import ChatAction, ParseMode

from bot.concurrency import slow_work
from bot.context import KamContext
from bot.handlers.replies import button, reply
from bot.handlers.summary import summaries
from bot.i18n import Html
from bot.render_summary import _span_line, period_name
from services.domain import Language
from services.exports import ExportFormat, ExportKind, ExportRequest
from services.summaries.periods import Period, PeriodKind, parse_period

_RUNNING = (PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)

EXPORT_WORDS = {
    "visits": ExportKind.VISITS, "visit": ExportKind.VISITS, "走访": ExportKind.VISITS,
    "拜访": ExportKind.VISITS, "complaints": ExportKind.COMPLAINTS,
    "complaint": ExportKind.COMPLAINTS, "投诉": ExportKind.COMPLAINTS,
    "clients": ExportKind.CLIENTS, "client": ExportKind.CLIENTS, "客户": ExportKind.CLIENTS,
}  # fmt: skip


async def export_command(update: Update, context: KamContext) -> None:
    """/export KIND [period] [a colleague or a client] [xlsx|csv]."""
    actor = context.require_actor()
    args = list(context.args or [])
    if not args:
        await _choose(update, context)
        return
    kind = EXPORT_WORDS.get(args[0].lower())
    fmt = ExportFormat.XLSX
    rest = []
    for word in args[1:]:
        if word.lower() in {f.value for f in ExportFormat}:
            fmt = ExportFormat(word.lower())
        else:
            rest.append(word)
    period = parse_period(" ".join(rest)) if rest else None
    if kind is not None and rest and period is None:
        # "/export visits 王磊 本月": whose (or which client's) records, as the words ask.
        named = await context.services.interpreter.export_commanded(
            actor, kind, fmt, " ".join(rest)
        )
        if named is not None:
            await export_asked(update, context, named)
            return
    if kind is None or (rest and period is None) or (period and kind is ExportKind.CLIENTS):
        await reply(update, context.t("sum.export.usage"))
        return
    await send_export(update, context, kind, fmt, period)


async def _choose(update: Update, context: KamContext, client_id: int | None = None) -> None:
    """What can be exported, one tap each (of one client's records when one was named)."""
    of = f":c{client_id}" if client_id is not None else ""
    await reply(update, context.t("sum.export.choose"), buttons=[
        [button(context.t(f"export.kind.{kind.value}"), f"ex:{kind.value}{of}")]
        for kind in ExportKind
    ])  # fmt: skip


async def export_asked(update: Update, context: KamContext, request: ExportRequest) -> None:
    """An export asked for in words ("导出本月的拜访记录"): the file, or the kinds to choose from
    when none was named."""
    context.require_actor()
    if request.kind is None:
        await _choose(update, context, request.client_id)
        return
    await send_export(update, context, request.kind, request.fmt, request.period,
                      client=_client(request.client_id, request.client_name),
                      person=_client(request.person_id, request.person_name),
                      former=request.former_name)  # fmt: skip


def _client(client_id: int | None, name: str | None) -> tuple[int, str] | None:
    return (client_id, name) if client_id is not None and name is not None else None


async def export_chosen(update: Update, context: KamContext) -> None:
    """ex:<kind>, a button of /export alone: that export as a spreadsheet, everything so far."""
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    # ex:<kind>, or ex:<kind>:<format>:<period code> (the period before an empty one), each
    # with :c<client id> after it when the export is of one client's records
    wanted, *more = (query.data or "").removeprefix("ex:").split(":")
    client = person = None
    if more and more[-1].startswith("p") and more[-1][1:].isdigit():
        # Decided at the press too: someone the user no longer sees the figures of is stale.
        found = await summaries(context).person(actor, int(more.pop()[1:]))
        if found is None:
            await query.answer(context.t("button.stale"))
            return
        person = (found.user_id, found.name)
    if more and more[-1].startswith("c") and more[-1][1:].isdigit():
        client_id = int(more.pop()[1:])
        # Decided at the press: a client the user may no longer see (or a forged id) is stale.
        name = await context.services.exports.client_name(actor, client_id)
        if name is None:
            await query.answer(context.t("button.stale"))
            return
        client = (client_id, name)
    formats = {f.value for f in ExportFormat}
    period = Period.from_code(more[1]) if len(more) == 2 and more[0] in formats else None
    if wanted not in {kind.value for kind in ExportKind} or (more and period is None):
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    fmt = ExportFormat(more[0]) if more else ExportFormat.XLSX
    await send_export(update, context, ExportKind(wanted), fmt, period, client=client,
                      person=person)  # fmt: skip


def _period_before(period: Period | None) -> Period | None:
    """The week, month, quarter or year before the current one asked for; None otherwise."""
    if period is None or period.offset != 0 or period.kind not in _RUNNING:
        return None
    return Period(period.kind, -1)


async def send_export(
    update: Update,
    context: KamContext,
    kind: ExportKind,
    fmt: ExportFormat,
    period: Period | None,
    *,
    client: tuple[int, str] | None = None,
    person: tuple[int, str] | None = None,
    former: str | None = None,
) -> None:
    """The file; `client` (id, name): of that client's records alone; `person` (id, name): of
    that colleague's (`former`: the name they were asked for by, theirs before a rename)."""
    actor = context.require_actor()
    # Asked in words it started quick: a query over every visit (slow while the database is
    # busy) and a spreadsheet must not hold a slot the quick replies of others need.
    await slow_work()
    service = summaries(context)
    today = service.today(actor)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    exports = context.services.exports
    client_id = client[0] if client is not None else None
    person_id = person[0] if person is not None else None
    rows = await exports.rows(actor, kind, Language(context.lang), period=period, today=today,
                              client_id=client_id, person_id=person_id)  # fmt: skip
    what = context.t(f"export.kind.{kind.value}")
    if client is not None:
        what = context.t("export.kind_of_client", kind=what, client=client[1])
    elif person is not None:
        what = context.t("export.kind_of_person", kind=what, person=person[1])
    renamed = ""
    if person is not None and former:
        renamed = context.t("sum.q.renamed", old=former, name=person[1]) + "\n"
    span = service.span(actor, period, today=today) if period is not None else None
    # The days the rows come from, as the summary tells them: a period still running is "to
    # today", not to its last day.
    days = "\n" + _span_line(context.lang, span) if span is not None else ""
    if len(rows) <= 1:
        # A file of headers alone is one more download on a phone to learn there is nothing.
        text = Html(renamed + context.t("export.empty", kind=what) + days)
        before = _period_before(period)
        if before is not None and kind is not ExportKind.CLIENTS:
            # "导出本月的走访记录" on the 1st: last month's records, one tap away.
            earlier = await exports.rows(actor, kind, Language(context.lang), period=before,
                                         today=today, client_id=client_id,
                                         person_id=person_id)  # fmt: skip
            if len(earlier) > 1:
                span = service.span(actor, before, today=today)
                label = context.t("export.earlier", period=period_name(context.lang, span),
                                  count=len(earlier) - 1)  # fmt: skip
                of = f":c{client_id}" if client_id is not None else ""
                of += f":p{person_id}" if person_id is not None else ""
                callback = f"ex:{kind.value}:{fmt.value}:{before.code}{of}"
                await reply(update, text, buttons=[[button(label, callback)]])
                return
        await reply(update, text)
        return
    data = await exports.render(rows, kind, fmt)
    caption = Html(renamed + context.t("export.caption", kind=what, count=len(rows) - 1) + days)
    of = f"-client{client_id}" if client_id is not None else ""
    of += f"-person{person_id}" if person_id is not None else ""
    stem = f"{kind.value}{of}-{today.isoformat()}"
    if span is not None:
        stem = f"{kind.value}{of}-{span.start.isoformat()}"
        if span.as_of != span.start:  # one day is named once: visits-2026-11-30.xlsx
            stem += f"-{span.as_of.isoformat()}"
    await chat.send_document(
        InputFile(io.BytesIO(data), filename=f"{stem}.{fmt.value}"),
        caption=caption,
        parse_mode=ParseMode.HTML,
    )
