"""The EPUB book: the same pages as the website, less what only works online.

Sphinx's EPUB builder is an HTML builder, so the theme's and the book's page handlers run for it
too. An e-book gets no launch (Binder) buttons, which cannot find a repository there and would
stop the build; no page sources; no scripts (an EPUB 3 page with a script must be declared
"scripted", and most readers ignore them); and no myst-nb stylesheet, whose modern CSS epubcheck
cannot parse. Charts come as the renderer's static PNG (the mime priorities in _config.yml), with
their captions, source lines and data tables.
"""

from __future__ import annotations

import re

#: Scripts that extensions write into a page's body (sphinx-thebe's configuration, for one).
SCRIPT = re.compile(r"<script\b.*?</script>\s*", re.S)
#: Stylesheets an e-book does without: myst-nb's styles code cells, which the book hides; the
#: previews' styles tips, which need scripts.
NOT_IN_EPUB = ("mystnb.", "previews.css")


def is_epub(app) -> bool:
    return app.builder.name == "epub"


def offline_book(app) -> None:
    """No launch buttons and no page sources in an e-book."""
    if is_epub(app):
        app.config.html_theme_options["launch_buttons"] = {}
        app.config.html_copy_source = False


def static_pages(app, pagename, templatename, context, doctree) -> None:
    """No scripts on an e-book's pages, and no stylesheet it cannot parse in its package."""
    if not is_epub(app):
        return
    context["script_files"] = []
    context["body"] = SCRIPT.sub("", context.get("body", ""))
    kept = []
    for css in context.get("css_files", []):
        name = str(getattr(css, "filename", css))
        if any(mark in name for mark in NOT_IN_EPUB):
            if name not in app.config.epub_exclude_files:
                app.config.epub_exclude_files.append(name)
        else:
            kept.append(css)
    context["css_files"] = kept
