"""What the HTML book serves besides its pages: the chart bundle, the book's stylesheet, each
figure's data, and the theme's icon assets cut down to what the book uses.

The vega / vega-lite / vega-embed bundle comes from vl-convert-python at build time (no CDN: a
reader behind a block, or offline, still sees every chart, and no third party learns who reads).
The embedding code (static/embed.js) is appended to it; pages.py adds a one-line loader that
fetches it after the page's `load` event, from a versioned URL the browser caches across pages.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import vl_convert as vlc

from ..figures.render import rows, write_csv
from ..figures.theme import NARROW

STATIC = Path(__file__).parent / "static"
BUNDLE = "vendor/vega-charts.js"
EMBED = STATIC / "embed.js"
STYLESHEET = STATIC / "belarusbook.css"
CHART_STYLES = STATIC / "charts.css"
SPEC = re.compile(r'<script type="application/json" class="bb-spec">(.*?)</script>', re.S)
#: A built page's link to a chart's spec, which stills.py moved out of the page into a file.
SPEC_FILE = re.compile(r'<div class="bb-chart" id="[^"]+" data-spec="([^"]+)"')


def bundle_text() -> str:
    """The vendored library plus the book's embedding code (deterministic for one vl-convert)."""
    return vlc.javascript_bundle(snippet=EMBED.read_text(encoding="utf-8"))


def bundle_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def chart_specs(html_text: str, page: Path | None = None) -> list[dict]:
    """The Vega-Lite specs of a page's charts, in page order: embedded in the page as the kernel
    wrote it, or, in a built web page (``page`` its path), in the files it links to."""
    linked = SPEC_FILE.findall(html_text)
    if linked and page is None:
        raise ValueError("this page links its charts' specs: chart_specs needs the page's path to read them")
    return ([json.loads(m.replace("<\\/", "</")) for m in SPEC.findall(html_text)]
            + [json.loads((Path(page).parent / link).read_text(encoding="utf-8")) for link in linked])


def write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def for_the_website(app) -> bool:
    """The HTML builder, not the EPUB one (also an HTML builder): an e-book has no scripts."""
    return app.builder.format == "html" and app.builder.name != "epub"


def prepare(app) -> None:
    """At the start of an HTML or EPUB build: the book's stylesheet (Sphinx does not re-copy a
    changed static file on an incremental build, so it is written every time; the website's has
    the chart styles too; the phone breakpoint is theme.NARROW, filled in for ``__NARROW__``), and, for the website, the chart bundle, made first so that pages can name its version."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    styles = STYLESHEET.read_text(encoding="utf-8")
    if for_the_website(app):
        styles += CHART_STYLES.read_text(encoding="utf-8")
    write_if_changed(static / "belarusbook.css", styles.replace("__NARROW__", str(NARROW)))
    if for_the_website(app):
        text = bundle_text()
        app.env.belarusbook_bundle_version = bundle_version(text)
        write_if_changed(static / BUNDLE, text)


def write_assets(app, exception) -> None:
    """Once the website's pages are written: each figure's data, and the theme's icons cut down
    to those the pages use."""
    if exception or not for_the_website(app):
        return
    outdir = Path(app.outdir)
    _write_figure_data(outdir)
    _trim_icon_rules(outdir)
    _subset_icon_fonts(outdir)


def _write_figure_data(outdir: Path) -> None:
    """Write each chart's CSV from the spec embedded in its page: the download is exactly the
    plotted data, and the source tree is never written to."""
    target = outdir / "_static" / "figures"
    for page in sorted(outdir.rglob("*.html")):
        for spec in chart_specs(page.read_text(encoding="utf-8"), page):
            write_csv(spec["usermeta"]["figure"], rows(spec), target)


GLYPH_RULE = re.compile(r'(?<=[}\n])([^{}]*?\.fa-[a-z0-9-]+:+before[^{}]*)\{content:"[^"]*"\}')
ICON = re.compile(r"\bfa-[a-z0-9-]+")
GLYPH_CODE = re.compile(r'content:"\\([0-9a-f]{4,5})"')


def _trim_icon_rules(outdir: Path) -> None:
    """The theme's stylesheet carries a glyph rule for each of ~1,900 Font Awesome icons (87 KB,
    render-blocking); keep only those for icons a built page or script names."""
    css = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if not css.exists():
        return
    used: set[str] = set()
    for path in outdir.rglob("*"):
        if path.suffix in (".html", ".js") and "vendor" not in path.parts:
            used |= set(ICON.findall(path.read_text(encoding="utf-8", errors="ignore")))

    def keep(match: re.Match) -> str:
        selectors = set(ICON.findall(match.group(1)))
        return match.group(0) if selectors & used else ""

    write_if_changed(css, GLYPH_RULE.sub(keep, css.read_text(encoding="utf-8")))


def _subset_icon_fonts(outdir: Path) -> None:
    """Cut the theme's Font Awesome fonts (274 KB of the first paint's critical requests) down to
    the glyphs the built stylesheets still name: a dozen icons."""
    from fontTools import subset

    static = outdir / "_static"
    codes = set()
    for css in static.rglob("*.css"):
        codes |= {int(code, 16) for code in GLYPH_CODE.findall(css.read_text(encoding="utf-8", errors="ignore"))}
    fonts = static / "vendor" / "fontawesome" / "webfonts"
    if not codes or not fonts.is_dir():
        return
    for font in sorted(fonts.glob("fa-*")):
        if font.suffix not in (".woff2", ".ttf") or font.name.endswith(".subset"):
            continue
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = ["*"]
        loaded = subset.load_font(str(font), options)
        if not set(loaded.getBestCmap()) - codes:
            continue  # already cut to size by an earlier build
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)
