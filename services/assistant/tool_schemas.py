"""The tools as the model is shown them: the same names, arguments and descriptions in fewer bytes
(the schemas are most of every request). The tools still validate their arguments in full."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:  # langchain_core.tools loads langsmith (seconds): imported when a schema is made
    from langchain_core.tools import BaseTool

# Limits the tool checks itself: the model need not read them in every request.
_CHECKED_BY_THE_TOOL = frozenset({"minLength", "maxLength", "maxItems", "minItems", "title"})


def compact(schema: Any) -> Any:
    """A JSON schema without what only the validator needs: an optional field is its type (not
    anyOf with null, not default null); length limits and titles go."""
    if isinstance(schema, list):
        return [compact(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    options = schema.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        [kept] = [o for o in options if o != {"type": "null"}]
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return compact({**kept, **rest})
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _CHECKED_BY_THE_TOOL or (key == "default" and value is None):
            continue
        if key == "description" and isinstance(value, str):
            value = " ".join(value.split())
        elif key == "properties" and isinstance(value, dict):
            value = {name: compact(p) for name, p in value.items()}
        elif key not in ("enum", "required", "default"):
            value = compact(value)
        out[key] = value
    return out


def model_tools(tools: Sequence[BaseTool]) -> list[dict[str, Any]]:
    """The tools in OpenAI's function format, compacted, for bind_tools."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    shown = []
    for tool in tools:
        spec = convert_to_openai_tool(tool)
        function = spec["function"]
        function["description"] = " ".join(str(function.get("description", "")).split())
        if "parameters" in function:
            function["parameters"] = compact(function["parameters"])
        shown.append(spec)
    return shown


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A structured-output schema for the model, compacted the same way; the answer is checked
    against the full pydantic model afterwards."""
    from langchain_core.utils.function_calling import convert_to_openai_function

    spec = convert_to_openai_function(model)
    return {
        "title": spec["name"],
        "description": " ".join(str(spec.get("description", "")).split()),
        **compact(spec["parameters"]),
    }
