"""The browser side of tests/svg_audit.py: the scripts that run in the page.

* ``MEASURE`` reads the geometry and computed paint of every text and mark of every chart's SVG
  (the page's ``.bb-chart`` elements with ``data-rendered="true"``);
* ``INLINE_STILLS`` puts the still each chart shows (belarusbook/book/stills.py), which an ``<img>``
  keeps out of the DOM, into the page as inline SVG at the size its picture is shown (the
  ``<img>``'s content box), its ids made unique, so that ``MEASURE`` reads the geometry and the
  colours the still was painted in. What the page does to the ``<img>`` itself is read before it
  is replaced and kept on the SVG (``data-stage``): the background, CSS filter and opacity of the
  ``<img>`` and of every ancestor, innermost first, through which the still's colours reach the
  reader; with its painted and shown widths (``data-painted``, ``data-shown``) and its border box
  in the document (``data-box``);
* ``STILL_PIXELS`` reads a screenshot of a still and the band of page around it (PNG bytes,
  decoded by the browser): the commonest colour on a thin ring just inside the still's box and
  in the band (its ground and the page's), and the strongest contrast any pixel of the still
  makes with its ground.
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
  // what stands between the SVG's paint and the reader: each element's background, filter and
  // opacity, innermost first (the SVG's own opacity is already in each item's paint)
  const stage = (svg) => { if (svg.dataset.stage) return JSON.parse(svg.dataset.stage); const out = [];
    for (let e = svg; e; e = e.parentElement) { const s = getComputedStyle(e);
      out.push({ tag: e.tagName, bg: s.backgroundColor, filter: s.filter, opacity: e === svg ? 1 : num(s.opacity, 1) }); }
    return out; };
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
      column: col.clientWidth - num(cs.paddingLeft, 0) - num(cs.paddingRight, 0), stage: stage(svg),
      still: svg.dataset.still || null, painted: num(svg.dataset.painted, null), shown: num(svg.dataset.shown, null),
      stillBox: svg.dataset.box ? JSON.parse(svg.dataset.box) : null, texts, marks };
  };
  return { theme: document.documentElement.dataset.theme || "", scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth, charts: [...document.querySelectorAll(".bb-chart")].map(chart) };
}"""

INLINE_STILLS = r"""async () => {
  const num = (v) => parseFloat(v) || 0;
  let n = 0;
  for (const el of document.querySelectorAll(".bb-chart")) {
    const img = [...el.querySelectorAll(".bb-static img")].find((i) => getComputedStyle(i).display !== "none");
    if (!img || !img.complete || !img.naturalWidth) continue;
    const stage = [];
    for (let e = img; e; e = e.parentElement) { const s = getComputedStyle(e);
      stage.push({ tag: e.tagName, bg: s.backgroundColor, filter: s.filter, opacity: num(s.opacity) }); }
    const s = getComputedStyle(img), r = img.getBoundingClientRect();
    const width = r.width - num(s.paddingLeft) - num(s.paddingRight) - num(s.borderLeftWidth) - num(s.borderRightWidth);
    const height = r.height - num(s.paddingTop) - num(s.paddingBottom) - num(s.borderTopWidth) - num(s.borderBottomWidth);
    const prefix = `still${n++}-`, text = await (await fetch(img.src)).text();
    const unique = text.replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
    const svg = new DOMParser().parseFromString(unique, "image/svg+xml").documentElement;
    svg.dataset.stage = JSON.stringify(stage);
    svg.dataset.still = img.getAttribute("src").split("/").pop();
    svg.dataset.painted = parseFloat(svg.getAttribute("width"));
    svg.dataset.shown = width;
    svg.dataset.box = JSON.stringify([r.x + scrollX, r.y + scrollY, r.width, r.height]);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.style.display = "block";
    img.parentElement.replaceWith(svg);
    el.dataset.rendered = "true";
  }
}"""

#: The boxes (document coordinates) of the stills each chart shows, for STILL_PIXELS.
STILL_BOXES = r"""() => [...document.querySelectorAll(".bb-chart")].map((el) => {
  const img = [...el.querySelectorAll(".bb-static img")].find((i) => getComputedStyle(i).display !== "none");
  if (!img) return null;
  const r = img.getBoundingClientRect(), fig = el.closest(".bb-figure");
  return { figure: fig ? fig.dataset.figure : el.id, box: [r.x + scrollX, r.y + scrollY, r.width, r.height] };
})"""

#: Given a screenshot (base64 PNG) of a still's box and the page around it, and the box within it
#: ([x0, y0, x1, y1], px).
STILL_PIXELS = r"""async ([png, [x0, y0, x1, y1]]) => {
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height), ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  // the still's ground is read on a ring just inside its box (a band or a panel drawn in the
  // chart is not its ground), the outermost pixel left out (an edge at a fraction of a pixel is
  // blended)
  const inside = new Map(), edge = new Map(), around = new Map(), count = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = 4 * (y * width + x), key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    if (!(x >= x0 && x < x1 && y >= y0 && y < y1)) { count(around, key); continue; }
    count(inside, key);
    const dx = Math.min(x - x0, x1 - 1 - x), dy = Math.min(y - y0, y1 - 1 - y);
    if (Math.min(dx, dy) >= 1 && Math.min(dx, dy) <= 3) count(edge, key);
  }
  const modal = (m) => { let best = -1, n = -1; for (const [k, c] of m) if (c > n) { best = k; n = c; } return best; };
  const rgb = (k) => [(k >> 16) & 255, (k >> 8) & 255, k & 255];
  const lum = ([r, g, b]) => { const c = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b); };
  const ground = rgb(modal(edge.size ? edge : inside)), g = lum(ground);
  let ink = 1;
  for (const k of inside.keys()) { const l = lum(rgb(k)); ink = Math.max(ink, (Math.max(l, g) + 0.05) / (Math.min(l, g) + 0.05)); }
  return { ground, page: around.size ? rgb(modal(around)) : null, ink };
}"""
