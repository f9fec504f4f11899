"""Hovered and focused states, as a reader meets them: a sample of each kind of link and chart
control on a text page and a chart page, light and dark, in Chromium. A hovered or focused link
keeps 4.5:1 against the background it is drawn on (the first opaque one through its ancestors);
a focused control shows a focus ring of 3:1 or more (WCAG 1.4.3, 1.4.11, 2.4.7)."""

from __future__ import annotations

import re

import pytest
from colour import MARK_RATIO, TEXT_RATIO, ratio

pytestmark = pytest.mark.browser

PAGES = {"chapters/findings.html": "text", "chapters/west.html": "charts"}
#: Kinds of link and control, by selector: the first visible one of each on a page is tried.
KINDS = {
    "text link": "article.bd-article p a.reference",
    "citation": "article.bd-article a[href*='references']",
    "sidebar": "nav.bd-links a.reference",
    "on this page": "#pst-page-toc-nav a",
    "next page": ".prev-next-area a",
    "chart": ".bb-chart",
    "data table": ".bb-data summary",
}
STATE = """el => {
  const s = getComputedStyle(el);
  let bg = null;
  for (let e = el; e && !bg; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (!/rgba\\(.*,\\s*0\\)$/.test(c) && c !== "transparent") bg = c; }
  return { color: s.color, bg: bg || "rgb(255, 255, 255)", outline: s.outlineStyle !== "none" ? s.outlineColor : null,
    outlineWidth: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow, text: (el.textContent || "").trim().slice(0, 40) };
}"""


def shadow_ring(shadow: str) -> str | None:
    """The colour of a box-shadow drawn as a ring (no offset or blur, a spread of 1 px or more),
    as pydata-sphinx-theme draws its focus ring on navigation links; None if there is none."""
    m = re.match(r"(rgba?\([^)]*\))\s+0px\s+0px\s+0px\s+([\d.]+)px", shadow or "")
    return m[1] if m and float(m[2]) >= 1 else None


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_hovered_and_focused_links_and_controls_keep_their_contrast(browser, site, mode):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, color_scheme=mode)
    page = context.new_page()
    problems, tried = [], []
    for path in PAGES:
        page.goto(f"{site}/{path}")
        for kind, selector in KINDS.items():
            found = [el for el in page.locator(selector).all() if el.is_visible()][:1]
            if not found:
                continue
            el = found[0]
            tried.append((path, kind))
            el.scroll_into_view_if_needed()
            el.hover()
            hovered = el.evaluate(STATE)
            if kind not in ("chart",) and ratio(hovered["color"], hovered["bg"]) < TEXT_RATIO:
                problems.append((path, kind, "hover", hovered))
            page.mouse.move(0, 0)
            page.keyboard.press("Shift")  # the last input a keyboard's: focus shows its ring
            el.focus()
            focused = el.evaluate(STATE)
            if kind not in ("chart",) and ratio(focused["color"], focused["bg"]) < TEXT_RATIO:
                problems.append((path, kind, "focus text", focused))
            ring = focused["outline"] if focused["outline"] and focused["outlineWidth"] >= 1 else shadow_ring(focused["shadow"])
            if not (ring and ratio(ring, focused["bg"]) >= MARK_RATIO):
                problems.append((path, kind, "focus ring", focused))
            el.evaluate("el => el.blur()")
    context.close()
    assert {kind for _, kind in tried} == set(KINDS), tried
    assert problems == [], problems
