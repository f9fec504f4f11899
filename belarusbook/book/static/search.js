/* The book's search, on top of Sphinx's (searchtools.js): loaded deferred on search.html only,
 * so it runs after searchtools.js and before Search.init.
 *
 * 1. A form a source writes (Tikhanovskaya, Rosguard, Babarika) is searched as the book writes it
 *    (Tsikhanouskaya, Rosgvardia, Babaryka), and the page says so above the results. The forms
 *    come from data/variants.csv (belarusbook/data/registers.py fills in __REWRITES__).
 * 2. The results are ordered: the Names or Glossary entry first, then the sections that the
 *    index says discuss it (a surname or a whole name finds "Surname, Given name"), then the pages that merely
 *    mention it; Sphinx's own order is kept within each.
 * 3. Each result's excerpt comes from what its anchor marks: an entry with its definition, a
 *    section's paragraph; never empty, never the page's contents list; a result whose excerpt
 *    repeats an earlier one of the same page is dropped.
 */
"use strict";
(() => {
  const REWRITES = __REWRITES__;
  const REGISTERS = /#(name|term)-/;

  // One pass over the query, longest form first, so that a rewritten form is not rewritten again;
  // a form that is part of the book's own form where it stands ("Eduard" of "Eduard Babaryka",
  // "Foreign Affairs Council" of "EU Foreign Affairs Council") stays.
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const FORMS = Object.keys(REWRITES).sort((a, b) => b.length - a.length);
  const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}-])(${FORMS.map(escape).join("|")})(?![\\p{L}\\p{N}-])`, "giu");
  const rewrite = (query) => {
    const used = [];
    const text = query.trim().replace(/\s+/g, " ");
    const lower = text.toLowerCase();
    const within = (book, start, end) => {  // is [start, end) part of the book's form where it stands?
      for (let at = lower.indexOf(book); at !== -1; at = lower.indexOf(book, at + 1)) {
        if (at <= start && end <= at + book.length) return true;
      }
      return false;
    };
    const searched = FORMS.length ? text.replace(PATTERN, (found, _form, offset) => {
      const book = REWRITES[found.toLowerCase()];
      if (within(book.toLowerCase(), offset, offset + found.length)) return found;
      used.push([found, book]);
      return book;
    }) : text;
    return { query: searched, used };
  };

  const note = (used) => {
    const out = document.getElementById("search-results");
    if (!out || !used.length) return;
    const p = document.createElement("p");
    p.className = "bb-search-rewrite";
    p.append("Searching for ");
    used.forEach(([typed, book], i) => {
      if (i) p.append(i === used.length - 1 ? " and " : ", ");
      const strong = document.createElement("strong");
      strong.textContent = book;
      p.append(strong, ` (the book's form of “${typed}”)`);
    });
    p.append(". ");
    const link = document.createElement("a");
    link.href = document.documentElement.dataset.content_root + "chapters/names.html";
    link.textContent = "Names and transliteration";
    p.append("The book's forms are explained on ", link, ".");
    out.prepend(p);
  };

  // Two anchors on one paragraph (two index entries) give the same excerpt: show it once.
  const seenExcerpts = new Set();
  new MutationObserver((records) => {
    for (const record of records) {
      for (const added of record.addedNodes) {
        if (!(added instanceof HTMLElement) || !added.matches("p.context")) continue;
        const item = added.closest("li");
        const link = item && item.querySelector("a");
        if (!link) continue;
        const key = link.pathname + "\n" + added.textContent;
        if (seenExcerpts.has(key)) item.remove();
        else seenExcerpts.add(key);
      }
    }
  }).observe(document.getElementById("search-results") || document.body, { childList: true, subtree: true });

  const query = Search.query;
  Search.query = (typed) => {
    seenExcerpts.clear();
    const { query: searched, used } = rewrite(typed);
    note(used);
    query(searched);
  };

  // Index entries a surname or a term matches though Sphinx asks the query to be half the entry.
  const indexMatches = (queryLower) => {
    const index = Search._index;
    const found = [];
    for (const [entry, places] of Object.entries(index.indexentries)) {
      const [head, ...given] = entry.split(",").map((part) => part.trim());
      const whole = [...given, head].join(" ");  // "lukashenka, alyaksandr" -> "alyaksandr lukashenka"
      if (head !== queryLower && entry !== queryLower && whole !== queryLower) continue;
      for (const [file, id, isMain] of places) {
        found.push([index.docnames[file], index.titles[file], id ? "#" + id : "", null, isMain ? 100 : 50, index.filenames[file]]);
      }
    }
    return found;
  };

  const tier = (result) => (REGISTERS.test(result[2]) ? 3 : result[2] ? 2 : 1);
  const perform = Search._performSearch;
  Search._performSearch = (query, ...rest) => {
    // Sphinx returns the results last first (it pops them); turn them round to order them.
    const shown = perform(query, ...rest).reverse();
    const seen = new Set(shown.map((r) => r[0] + r[2]));
    for (const extra of indexMatches(query.toLowerCase().trim())) {
      if (!seen.has(extra[0] + extra[2])) { seen.add(extra[0] + extra[2]); shown.push(extra); }
    }
    const ordered = shown.map((r, i) => [r, i]).sort(([a, i], [b, j]) => tier(b) - tier(a) || i - j).map(([r]) => r);
    return ordered.reverse();
  };

  // The text an excerpt is cut from: the anchored entry (a term with its definition) or section,
  // else the page's prose, without its contents list, navigation or charts' data tables.
  const NOT_PROSE = ".headerlink, script, style, nav, .bd-toc, .toc, details.bb-data, .bb-table";
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(NOT_PROSE).forEach((el) => el.remove());
    const main = doc.querySelector('[role="main"]');
    const target = anchor && main ? main.querySelector(anchor) : null;
    if (target && target.tagName === "DT") {
      const definition = target.nextElementSibling;
      return target.textContent + ": " + (definition ? definition.textContent : "");
    }
    if (target) {
      // an index entry marks the paragraph after it: read on to the end of its section, so that
      // the excerpt can reach the sentence that names what was searched
      let text = target.textContent;
      for (let next = target.nextElementSibling; next && next.tagName !== "SECTION"; next = next.nextElementSibling) {
        text += " " + next.textContent;
      }
      return text;
    }
    return main ? main.textContent : "";
  };

})();
