"""Small, named steps that turn a loaded dataset into what a chart plots.

Charts never format numbers or decide what "hedged" means themselves; they read the columns made
here: ``label`` ("more than 35,000"), ``hedged`` (drawn hollow) and ``when`` (the date as precisely
as the source gives it).
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .theme import QUALIFIER_PREFIX, QUALIFIER_SUFFIX, SOLID_QUALIFIERS

EVIDENCE = ["qualifier", "quote", "source", "locator"]


def number(value: float, unit: str | None = None) -> str:
    """35000 -> '35,000'; 1500000000 with 'USD' -> 'US$1.5 billion'; 80.6 with '%' -> '80.6%'."""
    if value is None or pd.isna(value):
        return "no figure"
    symbol = {"USD": "US$", "US$": "US$", "GBP": "£", "EUR": "€"}.get(unit or "", "")
    if symbol:
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if abs(value) >= size:
                return f"{symbol}{value / size:,.10g} {word}"
        return f"{symbol}{value:,.10g}"
    text = f"{value:,.10g}"
    if unit in ("per cent", "%"):
        return f"{text}%"
    if unit:
        return f"{text} {unit}"
    return text


def label(value: float, qualifier: str, unit: str | None = None) -> str:
    """A number as the source hedges it: 'more than 35,000', '200,000 (estimate)'."""
    return QUALIFIER_PREFIX.get(qualifier, "") + number(value, unit) + QUALIFIER_SUFFIX.get(qualifier, "")


def when(date: pd.Timestamp, precision: str) -> str:
    """'9 August 2020', 'November 2020' or '2019', as precisely as the source dates it."""
    if date is None or pd.isna(date):
        return ""
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def evidence(frame: pd.DataFrame, value: str = "value", unit: str | None = None,
             unit_column: str | None = None) -> pd.DataFrame:
    """Add ``label``, ``hedged`` and ``when`` to a loaded dataset (returns a new frame).

    A range (``value`` to ``value_high``) is labelled '15-20%'."""
    out = frame.copy()
    units = list(out[unit_column]) if unit_column else [unit] * len(out)
    highs = list(out["value_high"]) if "value_high" in out and value == "value" else [None] * len(out)
    labels = []
    for v, high, q, u in zip(out[value], highs, out["qualifier"], units):
        if high is not None and not pd.isna(high):
            low_text = number(v, None if u in ("per cent", "%") else u).split(" ")[0]
            text = f"{low_text}–{number(high, u)}"
            labels.append(QUALIFIER_PREFIX.get(q, "") + text + QUALIFIER_SUFFIX.get(q, ""))
        else:
            labels.append(label(v, q, u))
    out["label"] = labels
    out["hedged"] = ~out["qualifier"].isin(SOLID_QUALIFIERS)
    if "date" in out and "date_precision" in out:
        out["when"] = [when(d, p) for d, p in zip(out["date"], out["date_precision"])]
    elif "election_date" in out and "date_precision" in out:
        out["when"] = [when(d, p) for d, p in zip(out["election_date"], out["date_precision"])]
    return out


def statements(frame: pd.DataFrame, label: str = "title") -> pd.DataFrame:
    """Rows without a figure (events, reactions): ``label`` from a text column, ``hedged``, ``when``."""
    out = frame.copy()
    out["label"] = out[label]
    out["hedged"] = ~out["qualifier"].isin(SOLID_QUALIFIERS)
    out["when"] = [when(d, p) for d, p in zip(out["date"], out["date_precision"])]
    return out


def election_results(frame: pd.DataFrame) -> pd.DataFrame:
    """Name each result by its election and standing: '1994, second round', '2025, preliminary'."""
    out = frame.copy()
    names = []
    for date, rnd, status in zip(out["election_date"], out["round"], out["status"]):
        standing = "second round" if (not pd.isna(rnd) and rnd == 2) else status
        names.append(f"{date.year}, {standing}")
    out["election"] = names
    out["date"] = out["election_date"]
    return out


def rows(frame: pd.DataFrame, names: dict[str, str], column: str = "name") -> pd.DataFrame:
    """The rows with these ids, in this order, with a short display name in ``column``.

    Rows are chosen by their stable ``id`` so a chart cell never repeats a figure; the names are
    the axis labels a reader sees."""
    missing = [i for i in names if i not in set(frame["id"])]
    if missing:
        raise KeyError(f"no rows with id {missing}")
    out = frame.set_index("id").loc[list(names)].reset_index()
    out[column] = [names[i] for i in out["id"]]
    return out


CURRENCIES = {"GBP": "Pounds sterling (GBP)", "EUR": "Euros (EUR)", "USD": "US dollars (USD)"}


def funding_panels(frame: pd.DataFrame) -> pd.DataFrame:
    """One panel per currency, and promises that depend on a future event in a panel of their own,
    so that no amounts in different currencies, or promised and committed money, share an axis."""
    out = frame.copy()
    out["panel"] = [CURRENCIES[c] + (", promised if Belarus moves to democracy" if cond else "")
                    for c, cond in zip(out["currency"], out["conditional"])]
    return out


def pick(frame: pd.DataFrame, **equals) -> pd.DataFrame:
    """Rows whose columns equal the given values (a list means 'any of'), in the given order."""
    out = frame
    for column, wanted in equals.items():
        if isinstance(wanted, (list, tuple)):
            out = out[out[column].isin(wanted)]
            order = {w: i for i, w in enumerate(wanted)}
            out = out.assign(_order=out[column].map(order)).sort_values("_order").drop(columns="_order")
        else:
            out = out[out[column] == wanted]
    if out.empty:
        raise ValueError(f"no rows where {equals}")
    return out.reset_index(drop=True)


def lines(text: str, chars: int) -> list[str]:
    """A label wrapped into lines of at most ``chars`` characters (a longer word keeps its own
    line), so that a chart shows it whole instead of cutting it with an ellipsis."""
    return textwrap.wrap(str(text), chars, break_long_words=False, break_on_hyphens=False) or [""]


def headroom(values: pd.Series, factor: float) -> float:
    """The top of a value axis, ``factor`` times the largest value: room for labels above marks."""
    return float(pd.to_numeric(values, errors="coerce").max()) * factor


def for_chart(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Keep the plotted columns plus the evidence columns, with plain types a chart can carry."""
    keep = [c for c in dict.fromkeys([*columns, "label", "hedged", "when", *EVIDENCE]) if c in frame]
    out = frame[keep].copy()
    for column in out:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        # plain Python values, and None (JSON null) for anything missing: never NaN
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out.reset_index(drop=True)


def verdicts(frame: pd.DataFrame) -> pd.DataFrame:
    """Forecasts under the book's verdicts: each forecaster named with the month of the forecast,
    the hedge of a forecast (hollow), and one panel naming the period."""
    out = frame.rename(columns={"made": "date"}).sort_values(["date", "id"], kind="stable").pipe(statements, label="forecast")
    out["forecaster"] = out["forecaster"] + ", " + out["when"]
    first, last = out["date"].min().year, out["date"].max().year
    out["panel"] = f"Forecasts made {first}–{last}, by what later sources record"
    return out
