// The book's chart embedding code, appended to the vega / vega-lite / vega-embed bundle that
// vl-convert makes (belarusbook/assets.py). It draws every .bb-chart from the spec in its page,
// swaps in the dark config when the reader's theme is dark, and redraws when the theme changes.
// A chart whose column is narrower than its usermeta.narrow.below takes its phone layout: the
// top-level keys of usermeta.narrow.patch replace the spec's (null removes one); it is redrawn
// when its column crosses that width (charts.py builds both layouts).
// Marks that Vega leaves without a name (decoration such as rules and brushes, or a layer with no
// items) are hidden from assistive technology: the chart's name is its one-sentence description,
// and its data table says the rest.
// __DARK__ is replaced with theme.dark_config() when the bundle is made.
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
async function draw(el) {
  const spec = JSON.parse(el.parentElement.querySelector("script.bb-spec").textContent);
  const mode = (isDark() ? "dark" : "light") + " " + layout(el, spec);
  if (el.dataset.mode === mode) return;
  el.dataset.mode = mode;
  if (mode.endsWith("narrow")) {
    for (const [key, value] of Object.entries(spec.usermeta.narrow.patch)) {
      if (value === null) delete spec[key]; else spec[key] = value;
    }
  }
  if (mode.startsWith("dark")) spec.config = merge(spec.config || {}, DARK);
  await vegaEmbed(el, spec, { renderer: "svg", actions: false, tooltip: { theme: mode.split(" ")[0] } });
  const svg = el.querySelector("svg");
  svg.setAttribute("role", "graphics-document document");
  svg.setAttribute("aria-label", spec.description);
  hideUnnamed(svg);
  new MutationObserver(() => hideUnnamed(svg)).observe(svg, { childList: true, subtree: true });
  el.style.minHeight = "";
  el.dataset.rendered = "true";
}
function drawAll() {
  for (const el of document.querySelectorAll(".bb-chart")) {
    draw(el).catch((err) => { el.dataset.rendered = "error"; console.error(err); });
  }
}
drawAll();
new ResizeObserver(drawAll).observe(document.body);
new MutationObserver(drawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
