"""The website's search: Sphinx's, taught the sources' spellings (static/search.js).

At the start of a website build the script is written to ``_static/bb-search.js`` with the table
of rewrites from ``registers.rewrites()`` (data/variants.csv) filled in; the search page loads it,
deferred, so that it wraps Sphinx's search before the query runs. It fetches nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import registers
from .assets import for_the_website, write_if_changed

SCRIPT = Path(__file__).parent / "static" / "search.js"
TARGET = "bb-search.js"


def script_text() -> str:
    return SCRIPT.read_text(encoding="utf-8").replace(
        "__REWRITES__", json.dumps(registers.rewrites(), ensure_ascii=False, sort_keys=True))


def write_script(app) -> None:
    if for_the_website(app):
        write_if_changed(Path(app.outdir) / "_static" / TARGET, script_text())


def add_script(app, pagename, templatename, context, doctree) -> None:
    if pagename == "search" and for_the_website(app):
        app.add_js_file(TARGET, loading_method="defer")
