"""One look for every chart: the actor colours, the qualifier marks and the Vega-Lite config.

Colours are chosen so that each is distinguishable under the common colour-vision deficiencies
and keeps at least 3:1 contrast against both the light page (#ffffff) and the dark theme's page
(#121212, sphinx-book-theme's dark page); tests/test_theme.py measures both. Colour is never the only channel: hedged figures
are also hollow and say "more than" in their label, and every series is labelled.
"""

from __future__ import annotations

import altair as alt

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: One colour per actor across the whole book.
ACTORS: dict[str, str] = {
    "EU": "#3366CC",
    "UK": "#A85CA8",
    "US": "#1F8A8A",
    "Canada": "#B88210",
    "Russia": "#D1452B",
    "Belarusian authorities": "#6D6565",
    "opposition": "#32AA4A",
    "civil society": "#CA598A",
}
#: Families that are not one of the eight actors share a neutral colour.
OTHER = "#8C7B6B"
ACTOR_EXTRA = {"other Western": OTHER, "international organisation": "#5E7FA8", "Ukraine": "#8A8A2E"}

#: The order in which blocs are listed (reactions): the Western actors, then the others.
ACTOR_ORDER = ["EU", "UK", "US", "Canada", "other Western", "international organisation", "Ukraine", "Russia",
               "Belarusian authorities", "opposition", "civil society"]

#: Column widths (px) of the book's page as Chromium lays it out, keyed by "narrow": 688 in a
#: 1300 px window, 342 in a 390 px phone (it is 312–774 px across 360–1920 px windows). Charts
#: that lay out their own text fit these; the stills are painted at them (book/stills.py).
COLUMN = {False: 688, True: 342}
#: The narrowest column a reader meets (a 360 px phone): a chart that lays out its own text fits it.
NARROWEST = 312

#: The book's verdicts on the sources' forecasts (data/forecasts.csv), in reading order, with colours
#: taken from the actor palette (already checked for contrast in light and dark mode).
VERDICTS: dict[str, str] = {
    "Borne out": "#1F8A8A",
    "Partly": "#B88210",
    "Not borne out": "#D1452B",
    "Not testable from these sources": "#6D6565",
}

#: Themes of the book (the five main chapters), for the timeline.
THEMES: dict[str, str] = {
    "election": "#2D9943",
    "repression": "#CA598A",
    "russia": "#D1452B",
    "west": "#3366CC",
    "outlook": "#6D6565",
}
THEME_TITLES = {"election": "The 2020 election", "repression": "Repression", "russia": "Russian influence",
                "west": "The Western response", "outlook": "Outlook"}

#: Default single-series colour.
PRIMARY = "#3366CC"
#: How a qualifier reads in a label, before the number ("more than 35,000") or after it.
QUALIFIER_PREFIX = {"more than": "more than ", "at least": "at least ", "about": "about ", "up to": "up to "}
QUALIFIER_SUFFIX = {"estimate": " (estimate)", "claim": " (claim)", "forecast": " (forecast)"}
#: Figures stated exactly are solid; hedged, estimated, claimed or forecast ones are hollow.
SOLID_QUALIFIERS = ("exact",)

#: The pages' backgrounds: --pst-color-background, light and dark, as sphinx-book-theme sets it.
LIGHT_PAGE, DARK_PAGE = "#ffffff", "#121212"
#: Below this width (px) of its column a chart takes its phone layout (static/embed.js).
NARROW = 560

LIGHT_TEXT = "#1f1f1f"
DARK_TEXT = "#e6e6e6"


def actor_scale(groups) -> alt.Scale:
    """A colour scale fixed to the book's actor colours, limited to the groups present."""
    palette = {**ACTORS, **ACTOR_EXTRA}
    domain = [g for g in palette if g in set(groups)]
    return alt.Scale(domain=domain, range=[palette[g] for g in domain])


def theme_scale(themes) -> alt.Scale:
    domain = [t for t in THEMES if t in set(themes)]
    return alt.Scale(domain=domain, range=[THEMES[t] for t in domain])


def config(text: str = LIGHT_TEXT, grid: str = "#d9d9d9") -> dict:
    """Vega-Lite config; the page swaps in ``dark_config()`` when the reader chooses dark mode."""
    return {
        "background": "transparent",
        "font": FONT,
        "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 260},
        "axis": {"labelColor": text, "titleColor": text, "domainColor": text, "tickColor": text,
                 "gridColor": grid, "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                 "labelLimit": 0, "titleLimit": 0},
        "legend": {"labelColor": text, "titleColor": text, "labelFontSize": 12, "titleFontSize": 12,
                   "orient": "top", "titleFontWeight": "normal", "labelLimit": 0},
        "header": {"labelColor": text, "titleColor": text, "labelFontSize": 12, "labelLimit": 0},
        "title": {"color": text, "subtitleColor": text, "fontSize": 13, "anchor": "start", "limit": 0},
        "text": {"color": text, "fontSize": 11},
        "range": {"category": list(ACTORS.values())},
        "bar": {"color": PRIMARY}, "line": {"color": PRIMARY},
        # Vega-Lite draws points at 0.7 opacity by default: a hedged mark's outline must be full strength
        "point": {"color": PRIMARY, "size": 70, "opacity": 1}, "square": {"opacity": 1}, "circle": {"opacity": 1},
    }


def dark_config() -> dict:
    return config(text=DARK_TEXT, grid="#3d3d3d")


def register() -> None:
    """Register and enable the theme with Altair (idempotent)."""
    @alt.theme.register("belarusbook", enable=True)
    def _theme() -> alt.theme.ThemeConfig:  # noqa: ANN202 - Altair's own type
        return alt.theme.ThemeConfig(config=config())
