"""Previews of what a link points to (sphinx-tippy): a citation shows its bibliography entry, a
reference to a figure shows its caption and a static image of the chart, a reference to a section
shows its heading and opening.

sphinx-tippy builds each page's tips at build time from the page's HTML; this module tidies them:

* a figure's HTML is the chart's placeholder and JSON spec (drawn client-side), useless in a tip,
  so its tip becomes the caption and the figure as a PNG, rendered here from the same spec as the
  printed figure and written to ``_static/figures/<figure>.png`` (og:image uses it too);
* copied HTML loses its ids, ARIA roles and "¶" links, so a tip never duplicates an id on the page;
* tippy.js and Popper come from the book's own ``_static/vendor`` (static/vendor, with their
  licences), never a CDN, and load deferred like every classic script (see pages.lighter_pages);
* the per-page tip script gets a stable name instead of a random one, so two clean builds match and
  a rebuild leaves no stale files, and the cache files of the web look-ups (switched off in
  _config.yml) are not published.
"""

from __future__ import annotations

import html
import json
import re
import struct
from pathlib import Path

from bs4 import BeautifulSoup

from ..data.sources import source_line
from ..figures.render import PNG_SCALE, png, rows, static_spec
from .assets import write_if_changed

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
#: Vendored files copied to _static/vendor (the scripts lose their source-map comment: the maps
#: are not shipped, and a browser's developer tools would otherwise ask for them).
VENDORED = ("popper.min.js", "tippy.umd.min.js", "popperjs-core-LICENSE.md", "tippy.js-LICENSE")
STYLESHEET = STATIC / "previews.css"
SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
WEB_CACHES = ("tippy_wiki_cache.json", "tippy_doi_cache.json", "tippy_rtd_cache.json")


def figure_png(spec: dict) -> bytes:
    """The figure as the PDF prints it (source line included), as a PNG: the one the kernel drew
    for the chart's mime bundle, where it ran in this build (figures.render.png)."""
    return png(static_spec(spec, source_line(rows(spec))))


def _clean(text: str) -> str:
    """A tip's HTML without ids, roles, "¶" links, headings or the bibliography's [n] labels."""
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.select("a.headerlink, span.label"):
        tag.decompose()
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        tag.name = "p"  # a tip is no place for the page's outline
        tag["class"] = ["bb-tip-heading"]
        tag.attrs.pop("style", None)
    for tag in soup.find_all(True):
        for attribute in ("id", "role", "title"):
            tag.attrs.pop(attribute, None)
    return str(soup)


def write_png(spec: dict, outdir: Path) -> tuple[int, int]:
    """Write the figure's PNG into the built _static/figures (only if its bytes changed); return
    its size in CSS pixels."""
    target = Path(outdir, "_static", "figures", f"{spec['usermeta']['figure']}.png")
    png = figure_png(spec)
    if not target.exists() or target.read_bytes() != png:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return round(width / PNG_SCALE), round(height / PNG_SCALE)


def _figure_tip(figure_html: str, pathto, outdir: Path) -> str | None:
    """Caption and PNG of a chart figure (None for a figure that is not a book chart)."""
    soup = BeautifulSoup(figure_html, "html.parser")
    spec_tag = soup.select_one("div.bb-figure script.bb-spec")
    if spec_tag is None:
        return None
    spec = json.loads(spec_tag.string.replace("<\\/", "</"))
    width, height = write_png(spec, outdir)
    caption = soup.select_one("figcaption")
    for tag in (caption.select("a.headerlink") if caption else []):
        tag.decompose()
    words = html.escape(caption.get_text(" ", strip=True)) if caption else ""
    src = pathto(f"_static/figures/{spec['usermeta']['figure']}.png", resource=True)
    alt = html.escape(spec.get("description", ""), quote=True)
    # lazy: tippy builds every tip's content when the page loads, and an eager image in it would
    # be fetched then (six PNGs, 1.4 MB on the Western response page), not when the tip opens
    return (f'<div class="bb-tip-figure"><img src="{src}" alt="{alt}" width="{width}" '
            f'height="{height}" loading="lazy" decoding="async"><p>{words}</p></div>')


def tidy_tips(app, pagename, templatename, context, doctree) -> None:
    """Rewrite the tips sphinx-tippy collected for this page (runs just after it, priority 460)."""
    pages = getattr(app.env, "tippy_data", {}).get("pages", {})
    data = pages.get(pagename)
    if data is None:
        return
    tips = data["id_to_html"]
    for key, text in list(tips.items()):
        tip = _figure_tip(text, context["pathto"], app.outdir) if text.startswith("<figure") else None
        tips[key] = tip if tip is not None else _clean(text)
    # A stable script name (sphinx-tippy adds a random one, for cache busting).
    stable = Path(app.outdir, "_static", "tippy", *f"{pagename}.js".split("/"))
    # Script entries name their file from the output root (Sphinx adds "_static/").
    old = Path(data["js_path"]).relative_to(app.outdir).as_posix()
    new = stable.relative_to(app.outdir).as_posix()
    data["js_path"] = stable
    # In place: later handlers add their scripts to this same list (through app.add_js_file).
    context["script_files"][:] = [_renamed(js, old, new) for js in context["script_files"]]


def _renamed(js, old: str, new: str):
    """The same script entry under a new file name (Sphinx's asset entries are immutable)."""
    from sphinx.builders.html._assets import _JavaScript

    if str(getattr(js, "filename", "")) != old:
        return js
    return _JavaScript(new, priority=js.priority, **dict(js.attributes))


def add_stylesheet(app, pagename, templatename, context, doctree) -> None:
    """The tip theme, on pages with tips only, loaded without blocking the first paint (a tip
    appears only after the page has loaded)."""
    if pagename in getattr(app.env, "tippy_data", {}).get("pages", {}):
        app.add_css_file("previews.css", media="print", onload="this.media='all'")


def write_files(app, exception) -> None:
    """Vendored scripts and the tip theme into the built _static (the figure PNGs were written
    with the pages, by tidy_tips), and the web look-up caches out of the published site. Runs
    after sphinx-tippy's own writer (priority 600)."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for name in VENDORED:
        text = (VENDOR / name).read_text(encoding="utf-8")
        write_if_changed(outdir / "_static" / "vendor" / name, SOURCE_MAP.sub("\n", text))
    write_if_changed(outdir / "_static" / "previews.css", STYLESHEET.read_text(encoding="utf-8"))
    for name in WEB_CACHES:
        (outdir / name).unlink(missing_ok=True)


def setup_for(app) -> None:
    """Connect the handlers (called from sphinx_ext.setup, after sphinx-tippy is loaded)."""
    app.connect("html-page-context", tidy_tips, priority=460)
    app.connect("html-page-context", add_stylesheet)
    app.connect("build-finished", write_files, priority=600)
