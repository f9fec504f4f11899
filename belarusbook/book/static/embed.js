// The book's chart embedding code, appended to the vega / vega-lite / vega-embed bundle that
// vl-convert makes (belarusbook/book/assets.py). The page's loader (pages.py) fetches this bundle when
// a reader first reaches for a chart (hover, focus, tap) and lists the charts reached so far in
// window.bbWanted; each is then drawn live from the spec in its page, over its still (stills.py),
// which it replaces, and window.bbDraw draws any chart reached later. A live chart takes the dark
// config when the reader's theme is dark, and is redrawn when the theme changes.
// Each layout and mode a reader may see is a patch in the spec, made at build time (stills.py's
// patched(), which paints the stills with the same patches): usermeta.narrow.patch where the
// chart's column is narrower than usermeta.narrow.below (the phone layout), and
// usermeta.dark.patch in dark mode. A patch's top-level keys replace the spec's (null removes
// one). A chart is redrawn when its column crosses that width or the theme changes.
// Marks that Vega leaves without a name (decoration such as rules and brushes, or a layer with no
// items) are hidden from assistive technology: the chart's name is its one-sentence description,
// and its data table says the rest. Each chart drawn fires "bb-drawn" (detail: its mode and the
// spec drawn), which bubbles to the document.
const isDark = () => document.documentElement.dataset.theme === "dark";
function apply(spec, patch) {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete spec[key]; else spec[key] = value;
  }
}
function layout(el, spec) {
  const narrow = spec.usermeta && spec.usermeta.narrow;
  return narrow && el.clientWidth < narrow.below ? "narrow" : "wide";
}
const NAMED_ROLES = '[role="graphics-symbol"], [role="img"], [role="graphics-object"]';
function hideUnnamed(svg) {
  for (const node of svg.querySelectorAll(NAMED_ROLES)) {
    const named = node.getAttribute("aria-label") || node.getAttribute("aria-labelledby") || node.querySelector("[aria-label]");
    if (!named) node.setAttribute("aria-hidden", "true");
  }
}
const specs = new Map();  // each chart's spec, fetched once (stills.py wrote it beside the stills)
async function specOf(el) {
  if (!specs.has(el)) specs.set(el, fetch(el.dataset.spec).then((r) => r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${r.url}`))));
  return structuredClone(await specs.get(el));
}
async function draw(el) {
  const spec = await specOf(el);
  const mode = (isDark() ? "dark" : "light") + " " + layout(el, spec);
  if (el.dataset.mode === mode) return;
  el.dataset.mode = mode;
  if (mode.endsWith("narrow")) apply(spec, spec.usermeta.narrow.patch);
  if (mode.startsWith("dark")) apply(spec, spec.usermeta.dark.patch);
  let live = el.querySelector(".bb-live");
  if (!live) {
    live = document.createElement("div");
    live.className = "bb-live";
    el.append(live);
  }
  await vegaEmbed(live, spec, { renderer: "svg", actions: false, tooltip: { theme: mode.split(" ")[0] } });
  const still = el.querySelector(".bb-static");
  if (still) still.remove();
  const svg = live.querySelector("svg");
  svg.setAttribute("role", "graphics-document document");
  svg.setAttribute("aria-label", spec.description);
  hideUnnamed(svg);
  new MutationObserver(() => hideUnnamed(svg)).observe(svg, { childList: true, subtree: true });
  el.dataset.rendered = "true";
  // what was drawn, for any script that follows the charts (tests/test_browser.py holds it to the stills')
  el.dispatchEvent(new CustomEvent("bb-drawn", { bubbles: true, detail: { mode, spec } }));
}
function drawLive(el) {
  draw(el).catch((err) => { el.dataset.rendered = "error"; console.error(err); });
}
// Charts already drawn live follow the window's width and the page's theme.
function redrawLive() {
  for (const el of document.querySelectorAll(".bb-chart[data-mode]")) drawLive(el);
}
// vega-tooltip puts the evidence tooltip beside the pointer and, where no place beside it fits
// (a phone's window), past the window's edge: it is moved back inside, 8 px from the edge.
const EDGE = 8;
function keepInWindow(tip) {
  const r = tip.getBoundingClientRect();
  const left = Math.max(EDGE, Math.min(r.left, innerWidth - r.width - EDGE));
  const top = Math.max(EDGE, Math.min(r.top, innerHeight - r.height - EDGE));
  if (Math.abs(left - r.left) > 0.5) tip.style.left = `${left}px`;
  if (Math.abs(top - r.top) > 0.5) tip.style.top = `${top}px`;
}
function watchTooltip() {
  const tip = document.getElementById("vg-tooltip-element");
  if (!tip || tip.dataset.bbKept) return;
  tip.dataset.bbKept = "true";
  new MutationObserver(() => keepInWindow(tip)).observe(tip, { attributes: true, attributeFilter: ["style", "class"] });
  keepInWindow(tip);
}
new MutationObserver(watchTooltip).observe(document.body, { childList: true });
window.bbDraw = drawLive;
for (const el of window.bbWanted || []) drawLive(el);
new ResizeObserver(redrawLive).observe(document.body);
new MutationObserver(redrawLive).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
