"""The browser side of tests/svg_audit.py: the scripts that run in the page.

* ``MEASURE`` reads the geometry and computed paint of every text and mark of every chart's SVG
  (the page's ``.bb-chart`` elements with ``data-rendered="true"``);
* ``INLINE_STILLS`` puts the still each chart shows (belarusbook/stills.py), which an ``<img>``
  keeps out of the DOM, into the page as inline SVG at the size it is shown, its ids made unique,
  so that ``MEASURE`` reads exactly what the reader sees before reaching for a chart.
"""

MEASURE = r"""() => {
  const num = (v, d) => { const n = parseFloat(v); return Number.isFinite(n) ? n : d; };
  const opacity = (el, svg) => { let o = 1; for (let e = el; e && e !== svg.parentElement; e = e.parentElement)
    o *= num(getComputedStyle(e).opacity, 1); return o; };
  const paint = (el, svg) => { const s = getComputedStyle(el); return { fill: s.fill, fillOpacity: num(s.fillOpacity, 1),
    stroke: s.stroke, strokeOpacity: num(s.strokeOpacity, 1), strokeWidth: num(s.strokeWidth, 0), opacity: opacity(el, svg) }; };
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
  const corners = (b, m) => [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
    .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  const quad = (el, rows) => { const b = el.getBBox();
    // a text's box trimmed to its em boxes, as Vega lays text out: a font's line gap is not ink
    const trim = Math.max(0, b.height - rows * num(getComputedStyle(el).fontSize, b.height)) / 2;
    return corners({ x: b.x, y: b.y + trim, width: b.width, height: b.height - 2 * trim }, el.getScreenCTM()); };
  const view = (el, svg) => {  // the region Vega clips an item to (a detail view), or null
    let x0 = -Infinity, y0 = -Infinity, x1 = Infinity, y1 = Infinity;
    for (let e = el.parentElement; e && e !== svg; e = e.parentElement) {
      const id = (e.getAttribute("clip-path") || "").match(/#([^)"']+)/), shape = id && svg.querySelector(`[id="${id[1]}"] > *`);
      if (!shape) continue;
      const ps = corners(shape.getBBox(), e.getScreenCTM()), xs = ps.map((p) => p[0]), ys = ps.map((p) => p[1]);
      [x0, y0, x1, y1] = [Math.max(x0, Math.min(...xs)), Math.max(y0, Math.min(...ys)),
        Math.min(x1, Math.max(...xs)), Math.min(y1, Math.max(...ys))];
    }
    return x0 === -Infinity ? null : [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)]; };
  const lines = (t) => { const spans = [...t.querySelectorAll("tspan")];
    return spans.length ? spans.map((s) => s.textContent)
      : [[...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("")]; };
  const backgrounds = (el) => { const out = []; for (let e = el; e; e = e.parentElement) out.push(getComputedStyle(e).backgroundColor); return out; };
  const groups = new Map();
  const group = (el, label) => { if (!groups.has(el)) groups.set(el, groups.size); return `${groups.get(el)}:${label}`; };
  const chart = (el) => {
    const fig = el.closest(".bb-figure"), figure = fig ? fig.dataset.figure : el.id, svg = el.querySelector("svg");
    if (el.dataset.rendered !== "true" || !svg) return { figure, rendered: el.dataset.rendered || "no" };
    const col = (fig || el).parentElement, cs = getComputedStyle(col);
    const texts = [...svg.querySelectorAll("text")].map((t) => {
      const holder = t.parentElement, cls = holder.getAttribute("class") || "", role = (cls.match(/role-([\w-]+)/) || [])[1] || "";
      let key = null;
      if (role === "axis-label") { const a = t.closest(".role-axis"); key = group(a, (a.getAttribute("aria-label") || "axis").split(" for ")[0]); }
      else if (role === "legend-label") key = group(t.closest(".role-legend"), "legend");
      else if (role === "mark") key = group(holder, "text mark " + cls.split(" ").slice(2).join(" "));
      const text = lines(t);
      return { role, key, lines: text, quad: quad(t, text.length), box: box(t), view: view(t, svg), ...paint(t, svg) };
    });
    const items = svg.querySelectorAll("g.role-mark:not(.mark-text):not(.mark-group) > *, g.role-legend-symbol > *");
    const marks = [...items].filter((m) => !/_brush|_voronoi/.test(m.parentElement.getAttribute("class")) && m.tagName !== "g"
        && m.tagName !== "text" && m.tagName !== "image" && !(m.tagName === "path" && !(m.getAttribute("d") || "").trim()))
      .map((m) => ({ container: m.parentElement.getAttribute("class"), label: (m.getAttribute("aria-label") || "").slice(0, 70),
        box: box(m), view: view(m, svg), ...paint(m, svg) }));
    return { figure, rendered: "true", frame: box(svg), width: Math.max(svg.getBoundingClientRect().width, el.scrollWidth),
      column: col.clientWidth - num(cs.paddingLeft, 0) - num(cs.paddingRight, 0), backgrounds: backgrounds(svg), texts, marks };
  };
  return { theme: document.documentElement.dataset.theme || "", scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth, charts: [...document.querySelectorAll(".bb-chart")].map(chart) };
}"""

INLINE_STILLS = r"""async () => {
  let n = 0;
  for (const el of document.querySelectorAll(".bb-chart")) {
    const img = [...el.querySelectorAll(".bb-static img")].find((i) => getComputedStyle(i).display !== "none");
    if (!img || !img.complete || !img.naturalWidth) continue;
    const prefix = `still${n++}-`, text = await (await fetch(img.src)).text();
    const unique = text.replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
    const svg = new DOMParser().parseFromString(unique, "image/svg+xml").documentElement;
    const shown = img.getBoundingClientRect();
    svg.setAttribute("width", shown.width);
    svg.setAttribute("height", shown.height);
    svg.style.display = "block";
    img.parentElement.replaceWith(svg);
    el.dataset.rendered = "true";
  }
}"""
