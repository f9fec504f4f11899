"""A myst-nb mime-render plugin for the Vega-Lite JSON that the book's renderer emits.

That JSON is in each chart's mime bundle for JupyterLab (Binder), which draws it natively. The
book's builders use the HTML form (web) or the PDF form (LaTeX) instead, so here the Vega-Lite
types are known, never chosen by any builder, and render to nothing, rather than being reported
as unknown outputs. Registered under the ``myst_nb.mime_renderers`` entry point (pyproject.toml).
"""

from __future__ import annotations

from .render import VEGALITE_MIMES


class VegaLiteForJupyterLab:
    mime_priority_overrides = [("*", mime, None) for mime in VEGALITE_MIMES]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type in VEGALITE_MIMES:
            return []
        return None
