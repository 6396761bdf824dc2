"""The `kam` command: run the bot, chat locally, manage users and clients, export, and the knowledge base."""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from bot.i18n import has, t
from bot.logs import log_to_file_only, one_line, setup_logging
from bot.progress import IngestProgress, PreparingProgress
from bot.render import import_done, row_error, section_without_title
from bot.runtime import StartupError, Wiring, make_services, run, run_telegram, wiring
from config.catalog import LANGUAGES, chinese, text
from config.settings import ConfigError, Settings, cli_language, load_settings
from knowledge.document_names import named
from knowledge.types import DocumentInfo, StoreUnavailable
from services.bootstrap import Services
from services.client_import import RowError
from services.domain import Language, Role
from services.errors import DomainError
from services.exports import ExportFormat, ExportKind, display_width
from services.labels import label
from services.language import message_language
from services.users import TeamChoice


def _operator() -> str:
    """The operator's language for what a command prints: the one `kam --help` speaks
    (KAM_CLI_LANGUAGE, else the terminal's locale); an import's --lang overrides it."""
    return cli_language()


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the "usage:" prefix in the parser's language."""

    lang = "en"

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        if prefix is None:
            prefix = text(self.lang, "cli.help.usage")
        super().add_usage(usage, actions, groups, prefix)


def _parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose own words (usage, section titles, -h) are in `lang`; the
    subcommands' parsers are made by the same class."""

    class Formatter(_HelpFormatter):
        pass

    Formatter.lang = lang

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", Formatter)
            kwargs["add_help"] = False  # added below, with its text in `lang`
            super().__init__(*args, **kwargs)
            self._positionals.title = text(lang, "cli.help.positionals")
            self._optionals.title = text(lang, "cli.help.options")
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS,
                help=text(lang, "cli.help.help"),
            )  # fmt: skip

    return Parser


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The `kam` command line; its help in `lang` (by default `cli_language()`: the locale's)."""
    lang = lang or cli_language()

    def h(key: str) -> str:
        return text(lang, f"cli.help.{key}")

    parser = _parser_class(lang)(prog="kam", description=h("description"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("run", help=h("run"))
    chat = sub.add_parser("chat", help=h("chat"))
    chat.add_argument("--as", dest="as_id", type=int, help=h("chat_as"))
    chat.add_argument("--demo", action="store_true", help=h("chat_demo"))

    users = sub.add_parser("users", help=h("users")).add_subparsers(dest="action", required=True)
    add = users.add_parser("add", help=h("users_add"))
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--team")
    add.add_argument("--lang", choices=LANGUAGES, help=h("users_lang"))
    invite = users.add_parser("invite", help=h("users_invite"))
    invite.add_argument("--role", choices=[Role.MANAGER.value, Role.SUPERVISOR.value],
                        required=True)  # fmt: skip
    invite.add_argument("--team", help=h("users_invite_team"))
    invite.add_argument("--new-team", action="store_true", help=h("users_invite_new_team"))
    invite.add_argument("--name", help=h("users_invite_name"))
    rename = users.add_parser("rename", help=h("users_rename"))
    rename.add_argument("who", help=h("users_rename_who"))
    rename.add_argument("name", help=h("users_rename_name"))
    users.add_parser("list", help=h("users_list"))
    deact = users.add_parser("deactivate", help=h("users_deactivate"))
    deact.add_argument("telegram_id", type=int)

    clients = sub.add_parser("clients", help=h("clients")).add_subparsers(
        dest="action", required=True
    )
    imp = clients.add_parser("import", help=h("clients_import"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--lang", choices=LANGUAGES, help=h("lang_errors"))

    visits = sub.add_parser("visits", help=h("visits")).add_subparsers(dest="action", required=True)
    vimp = visits.add_parser("import", help=h("visits_import"))
    vimp.add_argument("file", type=Path)
    vimp.add_argument("--lang", choices=LANGUAGES, help=h("lang_messages"))

    sub.add_parser("demo", help=h("demo"))

    export = sub.add_parser("export", help=h("export"))
    export.add_argument("kind", choices=[k.value for k in ExportKind])
    export.add_argument("--format", choices=[f.value for f in ExportFormat], default="xlsx")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--period", help=h("export_period"))
    export.add_argument("--lang", choices=LANGUAGES, default="zh", help=h("export_lang"))
    export.add_argument("--demo", action="store_true", help=h("export_demo"))

    ingest = sub.add_parser("ingest", help=h("ingest"))
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--client", help=h("ingest_client"))
    versions = ingest.add_mutually_exclusive_group()
    versions.add_argument("--replace-older", action="store_true", help=h("ingest_replace"))
    versions.add_argument("--keep-older", action="store_true", help=h("ingest_keep"))

    kb = sub.add_parser("kb", help=h("kb")).add_subparsers(dest="action", required=True)
    kb_list = kb.add_parser("list", help=h("kb_list"))
    kb_list.add_argument("filter", nargs="?", default="", help=h("kb_filter"))
    kb_list.add_argument("--json", action="store_true", help=h("kb_json"))
    kb_remove = kb.add_parser("remove", help=h("kb_remove"))
    kb_remove.add_argument("name", help=h("kb_name"))
    kb_remove.add_argument("--yes", action="store_true", help=h("kb_yes"))

    ask = sub.add_parser("ask", help=h("ask"))
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help=h("ask_json"))
    ask.add_argument("--demo", action="store_true", help=h("ask_demo"))

    ev = sub.add_parser("eval", help=h("eval"))
    ev.add_argument("file", type=Path)
    ev.add_argument(
        "--mode", action="append", choices=["hybrid", "bm25", "dense"], help=h("eval_mode")
    )

    sub.add_parser("doctor", help=h("doctor"))
    bak = sub.add_parser("backup", help=h("backup"))
    bak.add_argument("path", type=Path, help=h("backup_path"))
    res = sub.add_parser("restore", help=h("restore"))
    res.add_argument("path", type=Path, help=h("restore_path"))
    res.add_argument("--force", action="store_true", help=h("restore_force"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    # In the terminal chat the screen is the conversation: log to the file, warnings only on screen.
    chatting = args.command == "chat" or (args.command == "run" and settings.token is None)
    setup_logging(
        settings.log_level,
        secrets=[settings.token or ""],
        log_file=settings.data_dir / "logs" / "kam.log",
        console_level="WARNING" if chatting else None,
        json_lines=settings.log_format == "json",
    )
    try:
        return int(_dispatch(args, settings) or 0)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DomainError as exc:
        print(
            t(_operator(), exc.code, **exc.params) if has(exc.code) else exc.code, file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except StartupError as exc:
        print(f"kam {args.command}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the last resort: one line, no secret, no traceback
        secrets = [settings.token or "", settings.resolved_database_url]
        log_to_file_only("kam stopped on an error", exc)
        details = text(_operator(), "cli.details_in", path=settings.data_dir / "logs" / "kam.log")
        print(f"kam {args.command}: {one_line(exc, secrets)} {details}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "run":
        if settings.token is None:
            print(text(_operator(), "cli.no_token"), file=sys.stderr)
            return _chat(settings, None)
        run_telegram(settings)
        return 0
    if command == "chat":
        return _chat(settings, args.as_id, demo=args.demo)
    if command == "users":
        return int(run(_users(args, settings)))
    if command == "clients":
        return int(run(_import(args, settings)))
    if command == "visits":
        return int(run(_import_visits(args, settings)))
    if command == "demo":
        return int(run(_demo(settings, wiring(settings))))
    if command == "export":
        return int(run(_export(args, settings)))
    if command == "ingest":
        return int(run(_ingest(args, settings)))
    if command == "kb":
        return int(run(_kb(args, settings)))
    if command == "ask":
        return int(run(_ask(args, settings)))
    if command == "eval":
        return int(run(_eval(args, settings)))
    if command in ("doctor", "backup", "restore"):
        return _operate(args, settings)
    raise AssertionError(command)


def _chat(settings: Settings, as_id: int | None, *, demo: bool = False) -> int:
    from bot.terminal import chat

    if as_id is None or demo:
        wires = wiring(settings, demo=True)
        run(_demo(settings, wires, quiet=True))
        from services.demo import demo_admin_id

        return int(run(chat(settings, wires, as_id or demo_admin_id())))
    wires = wiring(settings)
    if not run(_is_user(settings, wires, as_id)):
        print(text(_operator(), "cli.not_a_user", telegram_id=as_id, database=wires.database_url),
              file=sys.stderr)  # fmt: skip
        return 2
    return int(run(chat(settings, wires, as_id)))


async def _is_user(settings: Settings, wires: Wiring, telegram_id: int) -> bool:
    services = await make_services(settings, wires, with_knowledge=False)
    try:
        return await services.users.resolve_actor(telegram_id) is not None
    finally:
        await services.close()


async def _users(args: argparse.Namespace, settings: Settings) -> int:
    services = await make_services(settings, wiring(settings), with_knowledge=False)
    try:
        if args.action == "add":
            info = await services.users.add_user(
                telegram_id=args.telegram_id, name=args.name, role=Role(args.role), team=args.team,
                language=Language(args.lang) if args.lang else None,
            )  # fmt: skip
            team = text(_operator(), "cli.user_team", team=info.team) if info.team else ""
            print(text(_operator(), "cli.user_saved", telegram_id=info.telegram_id, name=info.name,
                       role=info.role.value, team=team))  # fmt: skip
        elif args.action == "invite":
            return await _invite(args, settings, services)
        elif args.action == "rename":
            old, new = await services.users.rename(None, args.who, args.name)
            print(text(_operator(), "cli.user_renamed", old=old, new=new))
        elif args.action == "list":
            lang = _operator()
            head = [text(lang, f"cli.users_head_{c}") for c in ("id", "role", "active", "team")]
            print(_columns(head, (12, 10, 6, 16)) + "  " + text(lang, "cli.users_head_name"))
            for u in await services.users.list_users():
                active = label(lang, "yesno", "yes" if u.active else "no") or ""
                cells = [str(u.telegram_id), u.role.value, active, u.team or "-"]
                print(_columns(cells, (12, 10, 6, 16)) + "  " + u.name)
        elif args.action == "deactivate":
            await services.users.deactivate(args.telegram_id)
            print(text(_operator(), "cli.user_deactivated", telegram_id=args.telegram_id))
        return 0
    finally:
        await services.close()


async def _invite(args: argparse.Namespace, settings: Settings, services: Services) -> int:
    """`kam users invite`: a one-time link made on the server, as an admin would in chat."""
    lang = _operator()
    made = await services.users.create_invite(
        None, Role(args.role), args.team, confirmed=args.new_team, name=args.name
    )
    if isinstance(made, TeamChoice):
        teams = ", ".join(name for _, name in made.teams) or "-"
        key = "cli.invite_unknown_team" if made.asked else "cli.invite_which_team"
        print(text(lang, key, team=made.asked or "", teams=teams), file=sys.stderr)
        return 2
    username = await _bot_username(settings)
    link = f"https://t.me/{username}?start={made.code}" if username else None
    expires = made.expires_at.astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")
    print(text(lang, "cli.invite_created", role=t(lang, f"role.{made.role.value}"),
               team=made.team or "-", name=made.name or "-", expires=expires,
               link=link or f"https://t.me/<bot>?start={made.code}"))  # fmt: skip
    return 0


async def _bot_username(settings: Settings) -> str | None:
    """The bot's @name for the link, asked of Telegram; None without a token or a connection."""
    if settings.token is None:
        return None
    from telegram import Bot
    from telegram.error import TelegramError

    try:
        async with Bot(settings.token, base_url=settings.telegram_api_url) as bot:
            return bot.username
    except (TelegramError, OSError):
        return None


def _columns(cells: Sequence[str], widths: Sequence[int], *, first_right: bool = True) -> str:
    """Cells padded to their columns on a terminal, where a Chinese character takes two; the
    first (a number) right-aligned unless told otherwise."""
    pads = [" " * max(0, w - display_width(c)) for c, w in zip(cells, widths, strict=True)]
    return "  ".join(
        pad + c if i == 0 and first_right else c + pad
        for i, (c, pad) in enumerate(zip(cells, pads, strict=True))
    )


def render_row_error(lang: str, error: RowError) -> str:
    return _plain(row_error(lang, error))


def _plain(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def _import(args: argparse.Namespace, settings: Settings) -> int:
    """`kam clients import FILE`: the client list, as an admin sending the file would."""
    return await _import_file(
        args, settings, "import.failed",
        lambda services, name, data: services.clients.import_file(None, name, data),
        lambda result: import_done(args.lang or _operator(), result),
    )  # fmt: skip


async def _import_visits(args: argparse.Namespace, settings: Settings) -> int:
    """`kam visits import FILE`: visit history, as an admin sending the file would."""
    return await _import_file(
        args, settings, "vimport.failed",
        lambda services, name, data: services.visit_import.import_file(None, name, data),
        lambda result: t(args.lang or _operator(), "vimport.done", created=result.created,
                         clients=result.clients, unchanged=result.unchanged),
    )  # fmt: skip


class _ImportResult(Protocol):
    @property
    def ok(self) -> bool: ...

    @property
    def errors(self) -> Sequence[RowError]: ...


R = TypeVar("R", bound=_ImportResult)


async def _import_file(
    args: argparse.Namespace,
    settings: Settings,
    failed_key: str,
    run_import: Callable[[Services, str, bytes], Awaitable[R]],
    done: Callable[[R], str],
) -> int:
    """Read the file, import it, and print what happened: every row error (exit 1) or the
    counts (exit 0). The one way both imports report, so they cannot drift apart."""
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(text(_operator(), "cli.cannot_read", path=path, reason=exc.strerror), file=sys.stderr)
        return 1
    services = await make_services(settings, wiring(settings), with_knowledge=False)
    try:
        result = await run_import(services, path.name, data)
    finally:
        await services.close()
    if not result.ok:
        lang = args.lang or _operator()
        print(_plain(t(lang, failed_key, filename=path.name, count=len(result.errors))),
              file=sys.stderr)  # fmt: skip
        for error in result.errors:
            print("  " + render_row_error(lang, error), file=sys.stderr)
        return 1
    print(_plain(done(result)))
    return 0


async def _demo(settings: Settings, wires: Wiring, *, quiet: bool = False) -> int:
    from bot.runtime import SAMPLES_DIR
    from services.demo import load_demo

    services = await make_services(settings, wires, with_knowledge=True)
    try:
        today = services.clock.now().astimezone(ZoneInfo(settings.timezone)).date()
        result = await load_demo(
            services.db,
            services.users,
            services.visit_import,
            today,
            settings.timezone,
            services.policy,
        )
        reports: list[Any] = []
        errors: list[Any] = []
        if services.knowledge is not None and SAMPLES_DIR.is_dir():
            bar = PreparingProgress(sys.stderr)
            reports, errors = services.knowledge.ingest_paths([SAMPLES_DIR], bar.update)
            bar.finish()
        if not quiet:
            print(text(_operator(), "cli.demo_loaded", database=wires.database_url, created=result.created,
                       updated=result.updated, visits=result.visits.created,
                       complaints=result.complaints))  # fmt: skip
            for r in reports:
                print(
                    text(
                        _operator(),
                        "cli.demo_document",
                        title=r.title,
                        status=r.status,
                        chunks=r.chunks,
                    )
                )
        for e in errors:
            print(text(_operator(), "cli.demo_document_error", filename=e.filename, code=e.code,
                       detail=e.detail), file=sys.stderr)  # fmt: skip
        return 0
    finally:
        await services.close()


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    wires = await _data(settings, demo=args.demo)
    services = await make_services(settings, wires, with_knowledge=False)
    try:
        from services.summaries.periods import parse_period

        period = parse_period(args.period) if args.period else None
        if args.period and period is None:
            print(
                text(_operator(), "cli.unknown_period", period=repr(args.period)), file=sys.stderr
            )
            return 2
        kind = ExportKind(args.kind)
        rows = await services.exports.rows(None, kind, Language(args.lang), period=period)
        data = await services.exports.render(rows, kind, ExportFormat(args.format))
    finally:
        await services.close()
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    count = len(rows) - 1
    lang = _operator()
    what = text(lang, f"cli.export_kind.{kind.value}")
    print(text(lang, "cli.export_wrote", path=out, count=count, what=what, bytes=len(data)))
    if count == 0:
        empty = "cli.export_empty_period" if period else "cli.export_empty"
        print(text(lang, empty, what=what, kind=kind.value, database=wires.database_url, path=out),
              file=sys.stderr)  # fmt: skip
    return 0


async def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    services = await make_services(settings, wiring(settings), admin_ids=False,
                                   warm_knowledge=False)  # fmt: skip
    try:
        assert services.knowledge is not None
        owner = None
        if args.client is not None:  # for that client's manager and supervisor alone
            try:
                owner = await services.ask.client_for_files(args.client)
            except DomainError as exc:
                key = exc.code.replace("kb.client_", "cli.ingest_client_")  # the command's words
                print(
                    text(_operator(), key if has(key) else exc.code, **exc.params), file=sys.stderr
                )
                return 2
        bar = IngestProgress(sys.stderr, lang=_operator())
        reports, errors = services.knowledge.ingest_paths(
            list(args.paths), bar.update, reading=bar.pages,
            client_id=owner.id if owner else None,
            replacing=functools.partial(_replacing, args, bar),
        )  # fmt: skip
        bar.finish()
        # The same content filed for other readers is kept, and named (see kam kb list).
        twins = {
            r.doc_id: services.knowledge.same_content(r.doc_id)
            for r in reports
            if r.status in ("added", "updated")
        }
        _, owners = await services.ask.operator_documents()
    finally:
        await services.close()
    if owner is not None and reports:
        print(text(_operator(), "kb.for_client", client=owner.name))
    for r in reports:
        status = text(_operator(), f"cli.ingest_status.{r.status}")
        print(text(_operator(), "cli.ingested", status=f"{status:<9}", title=r.title, source=r.source,
                   pages=r.pages, chunks=r.chunks, seconds=f"{r.seconds:.1f}"))  # fmt: skip
        if r.status == "duplicate":
            print(text(_operator(), "cli.ingest_duplicate", title=r.title))
        for title in r.replaced:
            print(text(_operator(), "cli.ingest_replaced", title=title))
        for twin in twins.get(r.doc_id, []):
            if twin.client_id is None:
                print(
                    text(_operator(), "cli.ingest_same_all", title=twin.title, id=twin.doc_id[:8])
                )
            else:
                client = owners.get(twin.client_id, f"#{twin.client_id}")
                print(text(_operator(), "cli.ingest_same_client", title=twin.title,
                           id=twin.doc_id[:8], client=client))  # fmt: skip
    for e in errors:
        reason = text(_operator(), f"kberr.{e.code}") if has(f"kberr.{e.code}") else e.code
        print(text(_operator(), "cli.ingest_error", filename=e.filename, reason=_plain(reason),
                   detail=f" ({e.detail})" if e.detail else ""), file=sys.stderr)  # fmt: skip
    # A folder with one unreadable file is not a success: a script running it must notice.
    return 1 if errors else 0


def _replacing(
    args: argparse.Namespace, bar: IngestProgress, file: Path, earlier: list[DocumentInfo]
) -> list[str]:
    """Which earlier versions (same name but for 修订, a date, v2…) a file being ingested replaces:
    all with --replace-older, none with --keep-older, else the operator is asked on a terminal;
    with no terminal both are kept and the operator told how to replace the old one."""
    lang = _operator()
    names = (
        "、".join(f"“{d.title}”" for d in earlier)
        if chinese(lang)
        else ", ".join(f"“{d.title}”" for d in earlier)
    )
    if args.replace_older:
        return [d.doc_id for d in earlier]
    if args.keep_older:
        return []
    bar.finish()  # the question on a line of its own
    if not sys.stdin.isatty():
        print(text(lang, "cli.ingest_kept_older", file=file.name, older=names,
                   ids=" ".join(d.doc_id for d in earlier)), file=sys.stderr)  # fmt: skip
        return []
    sys.stderr.write(text(lang, "cli.ingest_replace_ask", file=file.name, older=names) + " ")
    sys.stderr.flush()
    if _yes(sys.stdin.readline()):
        return [d.doc_id for d in earlier]
    print(text(lang, "cli.ingest_kept_both"), file=sys.stderr)
    return []


def _yes(answer: str) -> bool:
    return answer.strip().lower() in ("y", "yes", "是", "是的", "确定", "確定", "好")


async def _kb(args: argparse.Namespace, settings: Settings) -> int:
    """`kam kb list` and `kam kb remove`: the knowledge base's documents, as an admin sees them."""
    services = await make_services(settings, wiring(settings), admin_ids=False,
                                   warm_knowledge=False)  # fmt: skip
    try:
        if args.action == "list":
            docs, owners = await services.ask.operator_documents(args.filter)
            return _kb_list(args, settings, docs, owners)
        return await _kb_remove(args, services)
    finally:
        await services.close()


def _kb_list(
    args: argparse.Namespace, settings: Settings, docs: list[DocumentInfo], owners: dict[int, str]
) -> int:
    lang = _operator()
    if args.json:
        print(json.dumps([
            {"id": d.doc_id, "title": d.title, "source": d.source, "client_id": d.client_id,
             "client": owners.get(d.client_id) if d.client_id is not None else None,
             "chunks": d.chunks, "pages": d.pages, "version": d.version,
             "ingested_at": d.ingested_at.isoformat(), "held_for": d.held_for}
            for d in docs
        ], ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not docs:
        key = "cli.kb_none_matching" if args.filter else "cli.kb_empty"
        print(text(lang, key, filter=args.filter), file=sys.stderr)
        return 0
    zone = ZoneInfo(settings.timezone)
    widths = (16, 8, 5, 5, 16, 14)
    columns = ("id", "version", "pages", "chunks", "when", "client")
    head = [text(lang, f"cli.kb_head_{c}") for c in columns]
    print(_columns(head, widths, first_right=False) + "  " + text(lang, "cli.kb_head_title"))
    for d in docs:
        client = "-" if d.client_id is None else owners.get(d.client_id, f"#{d.client_id}")
        when = d.ingested_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        cells = [d.doc_id, d.version, str(d.pages), str(d.chunks), when, client]
        name = Path(d.source).name
        title = d.title if name in (d.title, "") else f"{d.title}  ({name})"
        print(_columns(cells, widths, first_right=False) + "  " + title)
        if d.held_for is not None:  # an earlier edition waiting for the admin's choice
            print(text(lang, "cli.kb_held", id=d.held_for, old=d.doc_id))
    print(text(lang, "cli.kb_total", count=len(docs)))
    return 0


async def _kb_remove(args: argparse.Namespace, services: Services) -> int:
    lang = _operator()
    kb = services.knowledge
    assert kb is not None
    found = named(args.name, kb.documents())
    if not found:
        print(text(lang, "cli.kb_no_such", name=args.name), file=sys.stderr)
        return 1
    if len(found) > 1:
        print(text(lang, "cli.kb_which", name=args.name), file=sys.stderr)
        for d in found:
            print(f"  {d.doc_id}  {d.title}  ({d.source})", file=sys.stderr)
        return 2
    [doc] = found
    if not args.yes:
        if not sys.stdin.isatty():
            print(text(lang, "cli.kb_remove_needs_yes", title=doc.title, id=doc.doc_id),
                  file=sys.stderr)  # fmt: skip
            return 2
        sys.stderr.write(text(lang, "cli.kb_remove_ask", title=doc.title, source=doc.source,
                              chunks=doc.chunks) + " ")  # fmt: skip
        sys.stderr.flush()
        if not _yes(sys.stdin.readline()):
            print(text(lang, "cli.kb_remove_kept", title=doc.title), file=sys.stderr)
            return 1
    try:
        removed = kb.remove_document(doc.doc_id)
    except StoreUnavailable:
        print(_plain(t(lang, "kb.remove_down")), file=sys.stderr)
        return 1
    if not removed:  # another admin removed it meanwhile: what was asked is done
        print(text(lang, "cli.kb_already_gone", title=doc.title))
        return 0
    print(text(lang, "cli.kb_removed", title=doc.title, id=doc.doc_id, chunks=doc.chunks))
    return 0


async def _data(settings: Settings, *, demo: bool) -> Wiring:
    """The real data, or with --demo the demo chat's own (loaded first, as `kam chat --demo` does)."""
    if not demo:
        return wiring(settings)
    wires = wiring(settings, demo=True)
    await _demo(settings, wires, quiet=True)
    return wires


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    services = await make_services(settings, await _data(settings, demo=args.demo),
                                   admin_ids=False)  # fmt: skip
    try:
        kb = services.knowledge
        assert kb is not None
        if not kb.documents():
            print(text(_operator(), "cli.kb_empty"), file=sys.stderr)
            if args.question != "-":
                return 1
            # Questions through a pipe keep being answered: a shared knowledge base may be
            # filled by another replica while this process runs.
        # Standard input is read line by line: each answer is printed before the next question
        # is read, so a program can talk to `kam ask -` through a pipe.
        questions = (
            (line.strip() for line in sys.stdin if line.strip())
            if args.question == "-"
            else iter([args.question])
        )
        for question in questions:
            answer = kb.answer(question)
            not_found = _plain(t(_language_of_text(question), "ask.not_found"))
            if args.json:
                print(json.dumps({
                    "question": question,
                    "answer": answer.text if answer.found else not_found,
                    "found": answer.found,
                    "sources": [
                        # The section without the document's title again (as in chat).
                        {"title": p.title, "source": p.source,
                         "section": section_without_title(p.section, p.title) or None,
                         "quote": answer.quotes[n] if n < len(answer.quotes) else None,
                         "text": p.text, "score": round(p.score, 4)}
                        for n, p in enumerate(answer.sources)
                    ],
                }, ensure_ascii=False), flush=True)  # fmt: skip
            else:
                print(answer.text if answer.found else not_found, flush=True)
                for n, p in enumerate(answer.sources, start=1):
                    section = section_without_title(p.section, p.title)
                    print(f"  [{n}] {p.title}{' · ' + section if section else ''}")
        return 0
    finally:
        await services.close()


def _language_of_text(text: str) -> str:
    """Chinese when the question has any CJK character (traditional when written in it), else
    English."""
    return message_language(text) or "en"


async def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge import evaluate, load_eval_cases

    services = await make_services(settings, wiring(settings), admin_ids=False)
    try:
        assert services.knowledge is not None
        modes = tuple(dict.fromkeys(args.mode or ("hybrid", "bm25", "dense")))
        report = evaluate(services.knowledge, load_eval_cases(args.file), modes)
    finally:
        await services.close()
    print(report.format())
    return 0


def _operate(args: argparse.Namespace, settings: Settings) -> int:
    from bot import ops

    lang = _operator()
    try:
        if args.command == "doctor":
            return ops.doctor(settings, lang=lang)
        if args.command == "backup":
            return ops.backup(settings, args.path, lang=lang)
        return ops.restore(settings, args.path, force=args.force, lang=lang)
    except ops.OpsError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
