"""Social previews (sphinxext-opengraph): every page carries og:title, og:description (from its
first paragraph) and og:image, as absolute URLs under the site URL in _config.yml (html.baseurl).

A page with charts shows its first figure, as the PNG previews.py renders from the chart's spec;
any other page shows the book card (static/book-card.png, made once from a plain SVG). Pages
without a doctree (genindex, search), which the extension skips, and the root index.html that
redirects to the first page get the same tags too: a shared link to any of them gets a preview.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util.docutils import new_document
from sphinxext.opengraph import get_tags

from .assets import chart_specs

CARD = Path(__file__).parent / "static" / "book-card.png"
CARD_URL = "_static/book-card.png"
#: A page without a doctree: its title (as its template sets it, so not in the page's context)
#: and what it is, for og:description ({book} is the book's title).
WITHOUT_DOCTREE = {
    "genindex": ("Index", "Index of people, places, organisations and terms in {book}"),
    "search": ("Search", "Search the text of {book}"),
}
#: The redirect sphinx-external-toc writes as index.html, and the tags sphinxext-opengraph writes.
REDIRECT = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)" />')
OG_TAG = re.compile(r'<meta (?:property="og:[^"]+"|name="description") content="[^"]*" />')


def book_title(config) -> str:
    """Jupyter Book sets html_title from _config.yml's title, and leaves project at Sphinx's default."""
    return config.html_title or config.project


def site_url(app, config) -> None:
    """The site URL is the book's html.baseurl; the book card is the default image."""
    if not config.ogp_site_url and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl.rstrip("/") + "/"
    if not config.ogp_image:
        config.ogp_image = CARD_URL
    if config.ogp_image_alt is None:
        config.ogp_image_alt = book_title(config)


def first_figure(app, pagename, templatename, context, doctree) -> None:
    """Point og:image at the page's first figure (after previews.tidy_tips wrote the PNG, before sphinxext-opengraph: priority 470)."""
    if doctree is None:
        return
    specs = chart_specs(context.get("body", ""))
    if not specs:
        return
    figure = specs[0]["usermeta"]["figure"]
    png = Path(app.outdir, "_static", "figures", f"{figure}.png")
    if not png.exists():  # previews.tidy_tips normally wrote it while collecting the page's tips
        from .previews import write_png

        write_png(specs[0], Path(app.outdir))
    # A copy: context["meta"] is the environment's own record of the page's metadata.
    meta = dict(context.get("meta") or {})
    meta["og:image"] = f"{app.config.ogp_site_url}_static/figures/{figure}.png"
    meta["og:image:alt"] = specs[0].get("description") or specs[0]["usermeta"].get("description", "")
    context["meta"] = meta


def without_doctree(app, pagename, templatename, context, doctree) -> None:
    """sphinxext-opengraph skips a page without a doctree (whose context has no metatags either);
    give it the extension's own tags, from a one-paragraph doctree that says what the page is (not
    in the EPUB, which the extension leaves alone too)."""
    if doctree is not None or app.builder.name == "epub":
        return
    default = (context.get("title") or pagename, "{title}: a page of {book}")
    title, what = WITHOUT_DOCTREE.get(pagename, default)
    page = {**context, "title": _(title), "meta": {}, "metatags": context.get("metatags", "")}
    document = new_document(pagename)
    document += nodes.paragraph(text=what.format(book=book_title(app.config), title=page["title"]))
    context["metatags"] = page["metatags"] + get_tags(page, document, srcdir=app.srcdir, outdir=app.outdir,
                                                      config=app.config, builder=app.builder, env=app.env)


def redirect_tags(app, exception) -> None:
    """The root index.html only redirects to the first page (sphinx-external-toc writes it after
    the build): it gets that page's tags, so a link to the site's root previews as the book."""
    index = Path(app.outdir, "index.html")
    if exception or app.builder.format != "html" or app.builder.name == "epub" or not index.exists():
        return
    redirect = REDIRECT.search(index.read_text(encoding="utf-8"))
    target = Path(app.outdir, redirect.group(1)) if redirect else None
    if target is None or not target.exists():
        return
    tags = OG_TAG.findall(target.read_text(encoding="utf-8"))
    index.write_text("<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\" />\n"
                     + "\n".join([redirect.group(0), *tags]) + "\n</head></html>\n", encoding="utf-8")


def write_card(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    target = Path(app.outdir, *CARD_URL.split("/"))
    data = CARD.read_bytes()
    if not target.exists() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def setup_for(app) -> None:
    """Connect the handlers (called from sphinx_ext.setup, with sphinxext.opengraph loaded)."""
    app.connect("config-inited", site_url)
    app.connect("html-page-context", first_figure, priority=470)
    app.connect("html-page-context", without_doctree)
    app.connect("build-finished", write_card)
    app.connect("build-finished", redirect_tags, priority=600)  # after sphinx-external-toc's redirect
