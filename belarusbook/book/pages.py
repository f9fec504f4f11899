"""What every built HTML page gets, and what it is spared: the chart loader where there are
charts, the footer, the PDF and EPUB offered only where they exist, a sound bibliography role, the
reader's light/dark default, and no assets of features the page does not use.

All of it runs in Sphinx's ``html-page-context`` (or earlier, for the template path), so no page
template has to be copied from the theme beyond ``templates/layout.html``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..version import __version__
from .assets import BUNDLE

PDF = "belarus-2020-2025.pdf"
EPUB = "belarus-2020-2025.epub"
#: What the book offers for download besides its pages, and the command that makes each.
DOWNLOADS = {PDF: "make pdf", EPUB: "make epub"}
HOW_TO_CITE = "chapters/how-to-cite"
#: The chart loader: the chart bundle (the library and static/embed.js) is fetched when a reader
#: first reaches for a chart (pointer over it, a tap, or keyboard focus); until then each chart is
#: its still (stills.py). The charts reached before the bundle has run wait in window.bbWanted.
LOADER = ('(()=>{const wanted=window.bbWanted=new Set();let asked=false;'
          'const reach=(e)=>{const el=e.target.closest&&e.target.closest(".bb-chart");if(!el||el.dataset.mode)return;'
          'if(window.bbDraw)return window.bbDraw(el);wanted.add(el);if(asked)return;asked=true;'
          'const s=document.createElement("script");s.type="module";'
          's.src=document.documentElement.dataset.content_root+"_static/%s?v=%s";document.head.append(s)};'
          'for(const t of["pointerover","pointerdown","focusin"])'
          'document.addEventListener(t,reach,{capture:true,passive:true})})();')
#: The How to cite page's offer of each download (see chapters/how-to-cite.md).
OFFER = re.compile(r'<p class="bb-download" data-file="([^"]+)">.*?</p>', re.S)
NOT_BUILT = ('<p class="bb-download">The book is also made as {file}. This copy of the website was '
             'built without it: <code>{command}</code> makes it and adds the download link here.</p>')


def templates(app, config) -> None:
    """The book's template overrides (templates/layout.html) come before the theme's."""
    config.templates_path.insert(0, str(Path(__file__).parent / "templates"))


def downloads_built(app) -> list[str]:
    """The files that ``make pdf`` and ``make epub`` have copied into the HTML output."""
    return [name for name in DOWNLOADS if (Path(app.outdir) / name).exists()]


def reread_if_downloads_changed(app, env, added, changed, removed) -> list[str]:
    """Rewrite the How to cite page when a download appears or goes, though its source did not change."""
    if app.builder.format != "html":
        return []
    present = downloads_built(app)
    if getattr(env, "belarusbook_downloads", None) == present:
        return []
    env.belarusbook_downloads = present
    return [HOW_TO_CITE] if HOW_TO_CITE in env.found_docs else []


def offer_downloads(app, pagename, templatename, context, doctree) -> None:
    """Link each download only where it exists; otherwise say how to make it (no link leads
    nowhere). An e-book offers none: it is the download."""
    body = context.get("body", "")
    if 'class="bb-download"' not in body:
        return
    present = downloads_built(app) if app.builder.name != "epub" else None

    def offer(match: re.Match) -> str:
        name = match.group(1)
        if present is None:
            return ""
        if name in present:
            return match.group(0)
        kind = "a PDF" if name.endswith(".pdf") else "an EPUB"
        return NOT_BUILT.format(file=kind, command=DOWNLOADS[name])

    context["body"] = OFFER.sub(offer, body)


def footer(app, pagename, templatename, context, doctree) -> None:
    """Version, licences and how to cite, with a link that is right from every page's folder
    (search.html and genindex.html live at the root, the chapters in chapters/)."""
    link = context["pathto"](HOW_TO_CITE)
    context["theme_extra_footer"] = (
        f"<p>Version {__version__}. Text and data: CC BY 4.0; code: MIT; source documents under "
        f"their own terms (see the repository's LICENSE files). "
        f'<a href="{link}">How to cite</a>.</p>')


def chart_loader(app, pagename, templatename, context, doctree) -> None:
    """On pages with charts, the loader that fetches the chart bundle when a reader reaches for a
    chart; its versioned URL is cached across pages."""
    if doctree is not None and 'class="bb-chart"' in context.get("body", ""):
        app.add_js_file(None, body=LOADER % (BUNDLE, app.env.belarusbook_bundle_version))


def drop_thebe(app, pagename, templatename, context, doctree) -> None:
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


def bibliography_roles(app, pagename, templatename, context, doctree) -> None:
    """docutils marks the bibliography ``role="list"`` but its entries are not list items
    (axe: aria-required-children, critical). The entries keep their doc-biblioentry role."""
    body = context.get("body", "")
    if 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def default_mode(app, pagename, templatename, context, doctree) -> None:
    """pydata-sphinx-theme's layout reads ``default_mode``, which sphinx-book-theme leaves unset,
    so the page starts with mode "" and logs 'Got invalid theme mode'. Follow the reader's system."""
    context.setdefault("default_mode", "auto")


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


def lighter_pages(app, pagename, templatename, context, doctree) -> None:
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
        # search.html runs Sphinx's search scripts in order, undeferred, and they need doctools.js
        if name and not name.endswith(KEEP_BLOCKING) and attributes.get("type") != "module" \
                and "async" not in attributes and "defer" not in attributes and pagename != "search":
            attributes["defer"] = "defer"
            js = _JavaScript(name, priority=js.priority, **attributes)
        scripts.append(js)
    context["script_files"] = scripts
