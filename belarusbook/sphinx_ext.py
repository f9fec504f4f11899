"""Sphinx side of the book: serve the chart library from the book itself, load it only where a
page has charts, add the book's stylesheet, and stamp the version.

The vega / vega-lite / vega-embed bundle comes from vl-convert-python at build time (no CDN: a
reader behind a block, or offline, still sees every chart, and no third party learns who reads).
The embedding code is appended to the bundle, so a chart page needs one module script.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import vl_convert as vlc

from . import __version__
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


def _write_bundle(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / BUNDLE
    text = bundle_text()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    """Load the chart bundle only on pages that have charts."""
    if doctree is not None and 'class="bb-chart"' in context.get("body", ""):
        app.add_js_file(BUNDLE, type="module")


def _version(app, pagename, templatename, context, doctree) -> None:
    context["book_version"] = __version__


def setup(app):
    app.add_css_file("belarusbook.css")
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _version)
    app.connect("build-finished", _write_bundle)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
