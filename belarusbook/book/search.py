"""The website's search: Sphinx's, taught the sources' spellings (static/search.js).

At the start of a website build the script is written to ``_static/bb-search.js`` with the table
of rewrites from ``registers.rewrites()`` (data/variants.csv) filled in; the search page loads it,
deferred, so that it wraps Sphinx's search before the query runs. It fetches nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..data import registers
from .assets import for_the_website, write_if_changed

SCRIPT = Path(__file__).parent / "static" / "search.js"
TARGET = "bb-search.js"


def script_text() -> str:
    return SCRIPT.read_text(encoding="utf-8").replace(
        "__REWRITES__", json.dumps(registers.rewrites(), ensure_ascii=False, sort_keys=True))


def write_script(app) -> None:
    if for_the_website(app):
        write_if_changed(Path(app.outdir) / "_static" / TARGET, script_text())


def keep_index_entries(app, exception) -> None:
    """Sphinx 7.4 pickles its environment before it writes the pages, but feeds the search index's
    index entries (``env._search_index_index_entries``) while writing them: on the next incremental
    build every page it does not rewrite loses its entries, the Names and Glossary entries among
    them, and the search no longer finds an entry under its forms. Pickle the environment again once
    the website is written, so the next build starts from what this one fed."""
    if exception or not for_the_website(app):
        return
    import pickle

    from sphinx.application import ENV_PICKLE_FILENAME

    with open(Path(app.doctreedir) / ENV_PICKLE_FILENAME, "wb") as fh:
        pickle.dump(app.env, fh, pickle.HIGHEST_PROTOCOL)


def add_script(app, pagename, templatename, context, doctree) -> None:
    if pagename == "search" and for_the_website(app):
        app.add_js_file(TARGET, loading_method="defer")
