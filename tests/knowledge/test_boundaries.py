"""The knowledge package stays a library: no Telegram, no bot, no services; telemetry off."""

from __future__ import annotations

import ast
from pathlib import Path

import knowledge

PACKAGE = Path(knowledge.__file__).parent
FORBIDDEN = ("telegram", "bot", "services")


def test_knowledge_never_imports_telegram_bot_or_services() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_every_module_opens_with_a_one_line_docstring() -> None:
    for path in PACKAGE.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, path.name
        assert doc.splitlines()[0].strip(), path.name


def test_the_public_api_is_what_callers_import() -> None:
    for name in ("KnowledgeBase", "KnowledgeConfig", "Passage", "Answer", "IngestReport",
                 "DocumentInfo", "IngestError", "evaluate", "load_eval_cases", "EvalReport"):  # fmt: skip
        assert hasattr(knowledge, name), name
