"""The book's Sphinx extension: only the wiring. Each job lives in its own module:

* ``assets``: the chart bundle, the stylesheet, each figure's CSV, the theme's icons cut to size;
* ``pages``: what each HTML page gets (chart loader, footer, downloads offered) and is spared;
* ``stills``: each chart painted as static SVG, shown until a reader reaches for it;
* ``latex``: the PDF's title page and the repairs to its doctree;
* ``epub``: the e-book, less what only works online;
* ``reference_pages``: the Names, Glossary and Chronology pages, drawn from the data;
* ``termlinks``: the first use of a glossary term in each section linked to its entry;
* ``search``: the search taught the sources' spellings;
* ``previews``: the link previews of sphinx-tippy, tidied, and a PNG of each figure;
* ``social``: the social previews of sphinxext-opengraph (site URL, image, card).

It is the book's one Sphinx extension (``_config.yml`` lists only ``belarusbook.book.sphinx_ext``):
``setup()`` loads sphinx-tippy and sphinxext-opengraph itself, after connecting its own handlers
and before the modules that depend on them, so every handler is connected in the order it was when
they were listed in ``_config.yml`` one after another.
"""

from __future__ import annotations

import os

from ..figures.render import BOOK_BUILD
from ..version import __version__
from . import assets, epub, latex, pages, previews, reference_pages, search, social, stills, termlinks


def setup(app):
    # Tell the renderer, in the kernels that execute the chapters during this build, that its
    # output is for the book (see render.mimebundle).
    os.environ[BOOK_BUILD] = "1"
    app.add_css_file("belarusbook.css")
    app.connect("config-inited", pages.templates)
    app.connect("config-inited", latex.release)
    app.connect("builder-inited", assets.prepare)
    app.connect("builder-inited", epub.offline_book)
    app.connect("builder-inited", search.write_script)
    app.connect("html-page-context", search.add_script)
    app.connect("build-finished", search.keep_index_entries, priority=900)
    reference_pages.setup_for(app)
    termlinks.setup_for(app)
    app.connect("env-get-outdated", pages.reread_if_downloads_changed)
    # after the figure tips (priority 460) and og:image (470) have read the specs in the page
    app.connect("html-page-context", stills.add_stills, priority=490)
    for handler in (pages.chart_loader, pages.footer, pages.offer_downloads, pages.default_mode,
                    pages.bibliography_roles):
        app.connect("html-page-context", handler)
    app.connect("html-page-context", pages.drop_thebe, priority=900)
    app.connect("html-page-context", pages.lighter_pages, priority=950)
    app.connect("html-page-context", epub.static_pages, priority=960)
    app.connect("build-finished", assets.write_assets)
    app.add_post_transform(latex.LatexBook)
    # The two extensions the book builds on, loaded here rather than listed in _config.yml (their
    # settings, tippy_* and ogp_*, stay there), then the modules that hook into them: the figure
    # tips (previews, priority 460) and og:image (social, 470).
    app.setup_extension("sphinx_tippy")
    app.setup_extension("sphinxext.opengraph")
    previews.setup_for(app)
    social.setup_for(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
