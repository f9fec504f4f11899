"""Sphinx side of the book: serve the chart library from the book itself, load it only where a
page has charts, write each figure's data, keep pages light, stamp the version, and shape the
PDF book.

The vega / vega-lite / vega-embed bundle comes from vl-convert-python at build time (no CDN: a
reader behind a block, or offline, still sees every chart, and no third party learns who reads).
The embedding code is appended to the bundle; a one-line loader on chart pages fetches it after
the page's `load` event, from a versioned URL the browser caches across pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

import vl_convert as vlc
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from . import __version__, citation
from .render import BOOK_BUILD, rows, write_csv
from .theme import dark_config

BUNDLE = "vendor/vega-charts.js"

EMBED = """
const DARK = __DARK__;
const isDark = () => document.documentElement.dataset.theme === "dark";
function merge(base, extra) {
  const out = Array.isArray(base) ? [...base] : { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" && !Array.isArray(value) && base && typeof base[key] === "object"
      ? merge(base[key], value) : value;
  }
  return out;
}
async function draw(el) {
  const mode = isDark() ? "dark" : "light";
  if (el.dataset.mode === mode) return;
  el.dataset.mode = mode;
  const spec = JSON.parse(el.parentElement.querySelector("script.bb-spec").textContent);
  if (mode === "dark") spec.config = merge(spec.config || {}, DARK);
  await vegaEmbed(el, spec, { renderer: "svg", actions: false, tooltip: { theme: mode } });
  const svg = el.querySelector("svg");
  svg.setAttribute("role", "graphics-document document");
  svg.setAttribute("aria-label", spec.description);
  el.style.minHeight = "";
  el.dataset.rendered = "true";
}
function drawAll() {
  for (const el of document.querySelectorAll(".bb-chart")) {
    draw(el).catch((err) => { el.dataset.rendered = "error"; console.error(err); });
  }
}
drawAll();
new MutationObserver(drawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
"""


def bundle_text() -> str:
    """The vendored library plus the book's embedding code (deterministic for one vl-convert)."""
    return vlc.javascript_bundle(snippet=EMBED.replace("__DARK__", json.dumps(dark_config(), sort_keys=True)))


STYLESHEET = Path(__file__).parent / "static" / "belarusbook.css"


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


SPEC = re.compile(r'<script type="application/json" class="bb-spec">(.*?)</script>', re.S)


def chart_specs(html_text: str) -> list[dict]:
    """The Vega-Lite specs embedded in a built page, in page order."""
    return [json.loads(m.replace("<\\/", "</")) for m in SPEC.findall(html_text)]


def _write_figure_data(outdir: Path) -> None:
    """Write each chart's CSV from the spec embedded in its page: the download is exactly the
    plotted data, and the source tree is never written to."""
    target = outdir / "_static" / "figures"
    for page in sorted(outdir.rglob("*.html")):
        for spec in chart_specs(page.read_text(encoding="utf-8")):
            write_csv(spec["usermeta"]["figure"], rows(spec), target)


def _prepare_bundle(app) -> None:
    """Make the chart bundle at the start of an HTML build, so pages can name its version."""
    if app.builder.format != "html":
        return
    text = bundle_text()
    app.env.belarusbook_bundle_version = _bundle_version(text)
    _write_if_changed(Path(app.outdir) / "_static" / BUNDLE, text)


GLYPH_RULE = re.compile(r'(?<=[}\n])([^{}]*?\.fa-[a-z0-9-]+:+before[^{}]*)\{content:"[^"]*"\}')
ICON = re.compile(r"\bfa-[a-z0-9-]+")


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

    _write_if_changed(css, GLYPH_RULE.sub(keep, css.read_text(encoding="utf-8")))


GLYPH_CODE = re.compile(r'content:"\\([0-9a-f]{4,5})"')


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


def _write_assets(app, exception) -> None:
    """Write the stylesheet and the figure data into the built _static on every HTML build
    (Sphinx does not re-copy a changed static file on an incremental build)."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    _write_if_changed(static / "belarusbook.css", STYLESHEET.read_text(encoding="utf-8"))
    _write_figure_data(outdir)
    _trim_icon_rules(outdir)
    _subset_icon_fonts(outdir)


LOADER = ('addEventListener("load",()=>{const s=document.createElement("script");s.type="module";'
          's.src=document.documentElement.dataset.content_root+"_static/%s?v=%s";document.head.append(s)});')


def _bundle_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    """On pages with charts, fetch the chart bundle once the page has loaded: the text paints
    first and the charts follow, and the versioned URL is cached across pages."""
    if doctree is not None and 'class="bb-chart"' in context.get("body", ""):
        app.add_js_file(None, body=LOADER % (BUNDLE, app.env.belarusbook_bundle_version))


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    """Live code (thebe) is switched off in _config.yml, yet sphinx-thebe still adds its loader
    and, twice, an inline script declaring THEBE_JS_URL (a console error on every page, and a
    reference to a third-party host). Readers run chapters in Binder instead, so drop them."""
    def keep(js) -> bool:
        body = getattr(js, "attributes", {}).get("body", "") or ""
        name = getattr(js, "filename", None) or str(js)
        return "thebe" not in str(name).lower() and "THEBE_JS_URL" not in body
    context["script_files"] = [js for js in context.get("script_files", []) if keep(js)]
    context["css_files"] = [css for css in context.get("css_files", [])
                            if "thebe" not in str(getattr(css, "filename", css)).lower()]


def _bibliography_roles(app, pagename, templatename, context, doctree) -> None:
    """docutils marks the bibliography ``role="list"`` but its entries are not list items
    (axe: aria-required-children, critical). The entries keep their doc-biblioentry role."""
    body = context.get("body", "")
    if 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


#: Assets of features a page does not use, by the mark in its body that would show it does.
UNUSED_UNLESS = {
    "sphinx-design": 'class="sd-',          # tabs, cards, grids: none in this book
    "design-tabs": 'class="sd-',
    "togglebutton": 'class="toggle',        # every code input is removed, nothing toggles
    "copybutton": "<pre",                   # copy buttons only where there is code to copy
    "clipboard": "<pre",
    "pygments.css": 'class="highlight',   # syntax colours only where there is code
}
#: Must run before the theme's inline scripts, which read DOCUMENTATION_OPTIONS.
KEEP_BLOCKING = ("documentation_options.js",)


def _lighter_pages(app, pagename, templatename, context, doctree) -> None:
    """Drop the CSS and JS of features a page does not use, and defer the rest of the classic
    scripts, so that nothing but the theme's stylesheets blocks the first paint."""
    from sphinx.builders.html._assets import _JavaScript

    body = context.get("body", "")

    def used(name: str) -> bool:
        return not any(key in name and mark not in body for key, mark in UNUSED_UNLESS.items())

    context["css_files"] = [c for c in context.get("css_files", []) if used(str(getattr(c, "filename", c)))]
    scripts = []
    for js in context.get("script_files", []):
        name = str(getattr(js, "filename", "") or "")
        attributes = dict(getattr(js, "attributes", {}))
        if name and not used(name):
            continue

        if not name and "toggle" in attributes.get("body", "").lower() and 'class="toggle' not in body:
            continue  # the toggle button's inline settings, on a page with nothing to toggle
        if name and not name.endswith(KEEP_BLOCKING) and attributes.get("type") != "module" \
                and "async" not in attributes and "defer" not in attributes:
            attributes["defer"] = "defer"
            js = _JavaScript(name, priority=js.priority, **attributes)
        scripts.append(js)
    context["script_files"] = scripts


def _default_mode(app, pagename, templatename, context, doctree) -> None:
    """pydata-sphinx-theme's layout reads ``default_mode``, which sphinx-book-theme leaves unset,
    so the page starts with mode "" and logs 'Got invalid theme mode'. Follow the reader's system."""
    context.setdefault("default_mode", "auto")


def _templates(app, config) -> None:
    """The book's template overrides (templates/layout.html) come before the theme's."""
    config.templates_path.insert(0, str(Path(__file__).parent / "templates"))


def _theme_options(app, config) -> None:
    """The theme's light/dark default, and the footer: version, licences, how to cite."""
    options = config.html_theme_options
    options["extra_footer"] = (
        f"<p>Version {__version__}. Text and data: CC BY 4.0; code: MIT; source documents under "
        f"their own terms (see the repository's LICENSE files). "
        '<a href="how-to-cite.html">How to cite</a>.</p>'  # every page lives in chapters/
    )


def _release(app, config) -> None:
    """The version and its release date, on the PDF's title page: from the package and from
    CITATION.cff, as on the How to cite page, not the day of the build."""
    config.version = config.release = __version__
    released = date.fromisoformat(citation.RELEASED)
    config.today = f"{released.day} {released:%B %Y}"


class LatexBook(SphinxPostTransform):
    """Repairs to the PDF's doctree, once sphinx-jupyterbook-latex (700) and Sphinx (750) have
    arranged it into one book."""

    builders = ("latex",)
    default_priority = 760
    LONGTABLE_ROWS = 30  # Sphinx's LaTeX writer sets a table of more rows as a longtable

    def apply(self, **kwargs) -> None:
        root = self.config.root_doc
        if self.app.project.path2doc(self.document["source"]) != root:
            return
        self.front_matter(root)
        self.bibliography()
        self.long_tables()

    def front_matter(self, root: str) -> None:
        """The root page becomes front matter whose title LaTeX drops: give it back, as an
        unnumbered chapter in the contents that keeps its labels (references to it resolve)."""
        section = next(s for s in self.document.findall(nodes.section) if s.get("docname") == root)
        title = escape(section[0].astext())
        labels = "".join(rf"\phantomsection\label{{\detokenize{{{root}:{id_}}}}}" for id_ in section["ids"])
        section.insert(1, nodes.raw("", rf"\chapter*{{{title}}}\addcontentsline{{toc}}{{chapter}}{{{title}}}"
                                        rf"\markboth{{{title}}}{{{title}}}{labels}", format="latex"))

    def bibliography(self) -> None:
        """Sphinx gathers the bibliography at the end of the book: put it back on the page whose
        {bibliography} directive made it (the preamble in _config.yml drops its own heading)."""
        pages = {page["docname"]: page for page in self.document.findall(addnodes.start_of_file)}
        for bibliography in list(self.document.findall(thebibliography)):
            page = pages.get(bibliography[0].get("docname"))
            if page is not None:
                bibliography.parent.remove(bibliography)
                next(page.findall(nodes.section)).append(bibliography)

    def long_tables(self) -> None:
        """A longtable cannot size its columns from their contents as tabulary does, so a long
        table with MyST's automatic widths keeps each column at its natural width, off the page
        (the names page). Give each of its columns an equal share of the line instead."""
        for table in list(self.document.findall(nodes.table)):
            if "colwidths-auto" in table["classes"] and len(list(table.findall(nodes.row))) > self.LONGTABLE_ROWS:
                n = len(list(table.findall(nodes.colspec)))
                spec = rf"*{{{n}}}{{>{{\raggedright\arraybackslash}}\X{{1}}{{{n}}}}}"
                table.parent.insert(table.parent.index(table), addnodes.tabular_col_spec(spec=spec))


def setup(app):
    # Tell the renderer, in the kernels that execute the chapters during this build, that its
    # output is for the book (see render.mimebundle).
    os.environ[BOOK_BUILD] = "1"
    app.add_css_file("belarusbook.css")
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("config-inited", _theme_options)
    app.connect("config-inited", _release)
    app.add_post_transform(LatexBook)
    app.connect("html-page-context", _default_mode)
    app.connect("html-page-context", _bibliography_roles)
    app.connect("html-page-context", _lighter_pages, priority=950)
    app.connect("config-inited", _templates)
    app.connect("builder-inited", _prepare_bundle)
    app.connect("build-finished", _write_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
