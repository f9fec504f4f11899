"""Social previews (sphinxext-opengraph): every page carries og:title, og:description (from its
first paragraph) and og:image, as absolute URLs under the site URL in _config.yml (html.baseurl).

A page with charts shows its first figure, as the PNG previews.py renders from the chart's spec;
any other page shows the book card (static/book-card.png, made once from a plain SVG).
"""

from __future__ import annotations

from pathlib import Path

from .assets import chart_specs

CARD = Path(__file__).parent / "static" / "book-card.png"
CARD_URL = "_static/book-card.png"


def site_url(app, config) -> None:
    """The site URL is the book's html.baseurl; the book card is the default image."""
    if not config.ogp_site_url and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl.rstrip("/") + "/"
    if not config.ogp_image:
        config.ogp_image = CARD_URL
    if config.ogp_image_alt is None:
        config.ogp_image_alt = config.project


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
    app.connect("build-finished", write_card)


def setup(app):
    """Lets _config.yml list this module as an extension of its own."""
    setup_for(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
