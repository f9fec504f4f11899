// The book's chart embedding code, appended to the vega / vega-lite / vega-embed bundle that
// vl-convert makes (belarusbook/assets.py). It draws every .bb-chart from the spec in its page,
// swaps in the dark config when the reader's theme is dark, and redraws when the theme changes.
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
