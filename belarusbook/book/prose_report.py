"""What ``python -m belarusbook.book.prose`` prints (``make prose``): the measures of prose.py as a
table, each sentence over 50 words, each number not found in a cited source, and (for chapters
named on the command line) each repeated six-word run. ``--dump chapter.md ...`` writes a chapter's
numbered sentences with the passages each cites, and its figure captions, for a second reader.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .prose import CHAPTERS, CITE, THEMES, Report, plain, reports, sentences, word_count


def table(rows: list[Report]) -> str:
    head = ("chapter", "sentences", "words", "mean", ">35", ">50", "2+ sources", "repeated 6-word",
            "numbers not in source", "sources line", "In brief", "closing words", "links out")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        n = max(r.sentences, 1)
        lines.append(" | ".join(str(x) for x in (
            r.name, r.sentences, r.words, f"{r.mean:.1f}", f"{r.over_35} ({r.over_35 / n:.0%})", len(r.over_50),
            f"{r.multi_source} ({r.multi_source / n:.0%})", f"{len(r.repeated)} ({len(r.repeated) / n:.0%})",
            len(r.unsupported), "yes" if r.sources_line else "no", r.brief_points,
            "-" if r.closing_words is None else r.closing_words, r.links_out)))
    themes = [r for r in rows if r.name in THEMES]
    if themes:
        s = sum(r.sentences for r in themes)
        w = sum(r.words for r in themes)
        lines.append(f"\ntheme chapters: {s} sentences, {w} words, mean {w / max(s, 1):.1f}; "
                     f"{sum(r.over_35 for r in themes) / max(s, 1):.0%} over 35; "
                     f"{sum(r.multi_source for r in themes) / max(s, 1):.0%} cite 2+ sources; "
                     f"{sum(len(r.repeated) for r in themes) / max(s, 1):.0%} repeat a six-word run")
    return "\n".join(lines)


def dump(name: str) -> str:
    """The chapter's sentences, numbered, each with the passages it cites, and its figure captions:
    what a second reader checks against the sources, without the chapter around them."""
    text = (CHAPTERS / f"{name}.md").read_text(encoding="utf-8")
    out = [f"# {name}: sentences and what each cites"]
    for i, s in enumerate(sentences(text), start=1):
        cites = "; ".join(f"{k}{{{loc}}}" if loc else k for body in CITE.findall(s.text)
                          for k, loc in re.findall(r"([A-Za-z0-9_-]+)\s*(?:\{([^{}]*)\})?", body))
        out.append(f"{i}. {plain(s.text)}\n   CITES: {cites or '(nothing)'}")
    for caption in re.findall(r"name: (fig-[\w-]+)\n\s+caption: (.*?)\n(?=---|\S)", text, re.S):
        out.append(f"CAPTION {caption[0]}: {' '.join(caption[1].split())}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--dump"]:
        for a in argv[1:]:
            print(dump(Path(a).stem))
        return 0
    names = [Path(a).stem for a in argv] or THEMES + ["about", "findings", "conclusion"]
    names = [n for n in names if (CHAPTERS / f"{n}.md").exists()]
    rows = reports(names)
    print(table(rows))
    for r in rows:
        for text in r.over_50:
            print(f"\n{r.name}: over 50 words ({word_count(text)}): {plain(text)[:160]}…")
        for text, bad in r.unsupported:
            print(f"\n{r.name}: {', '.join(bad)} not in the cited source(s): {plain(text)[:160]}…")
        if argv:
            for text in r.repeated:
                print(f"\n{r.name}: repeats a six-word run of another chapter: {plain(text)[:160]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
