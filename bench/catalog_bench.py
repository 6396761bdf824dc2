"""Catalog benchmark: what the Fluent catalog costs a process and a reply; prints figures.

Run: .venv/bin/python bench/catalog_bench.py
Not a test. Figures: importing the catalog, indexing the .ftl files and the first render (what
each process pays once), a warm render, rendering every message once (all parsed lazily), and
validate() (what the catalog tests pay).
"""

from __future__ import annotations

import time
import timeit


def main() -> None:
    started = time.perf_counter()
    from config.catalog import LANGUAGES, catalog, load, t, validate

    imported = time.perf_counter()
    t("en", "card.last_visit", date="2026-11-22", days=2, counted="on_site")
    first = time.perf_counter()
    print(f"import config.catalog (fluent.runtime, babel)  : {(imported - started) * 1000:7.0f} ms")
    print(f"index the .ftl files + the first render          : {(first - imported) * 1000:7.0f} ms")
    runs = 5000
    warm = (
        timeit.timeit(
            lambda: t("en", "card.last_visit", date="2026-11-22", days=2, counted="on_site"),
            number=runs,
        )
        / runs
    )
    print(f"a warm render (card.last_visit, en, a plural)    : {warm * 1e6:7.0f} µs")
    fresh = load()
    keys = [(lang, key) for lang in LANGUAGES for key in fresh.keys(lang)]
    variables = validate(catalog())
    began = time.perf_counter()
    for lang, key in keys:
        fresh.render(lang, key, dict.fromkeys(variables[lang][fluent(key)], 2), escape=True)
    every = time.perf_counter() - began
    print(f"render all {len(keys)} messages once (cold)       : {every * 1000:7.0f} ms")
    began = time.perf_counter()
    validate(load())
    print(
        f"validate(): parse every message                  : {(time.perf_counter() - began) * 1000:7.0f} ms"
    )


def fluent(key: str) -> str:
    from config.catalog import fluent_id

    return fluent_id(key)


if __name__ == "__main__":
    main()
