"""The plots of the documentation, drawn at build time from the package's data.

Each ``plot_*`` function uses only the public API of ``iom_annual`` and
matplotlib, and returns the figure with its alt text (which states the numbers
the picture shows, for readers who cannot see it).  The docs show each
function's code beside its picture: copy it to draw the same plot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # no display: draw to files only
logging.getLogger("matplotlib").setLevel(logging.WARNING)

import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402

import iom_annual  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from matplotlib.figure import Figure

BLUE, ORANGE, GREY = "#0b5cab", "#e8772e", "#8c8c8c"
STYLE = {
    "figure.dpi": 100, "savefig.dpi": 100, "font.size": 11, "axes.spines.top": False,
    "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": 13,
    "svg.hashsalt": "iom_annual", "path.simplify": True,
}


def plot_women_by_grade() -> tuple[Figure, str]:
    """Share of women by Professional grade, 2019-2021 (Annex I, Table 2)."""
    df = iom_annual.professional_women_by_grade()
    grades = df["grade"].unique(maintain_order=True).to_list()
    years = sorted(df["year"].unique().to_list())
    fig, ax = plt.subplots(figsize=(9, 4.8))
    width = 0.8 / len(years)
    colours = ["#9ecae1", "#4292c6", BLUE]
    for i, year in enumerate(years):
        shares = [df.filter(grade=g, year=year)["women_percent"].item() for g in grades]
        xs = [x + (i - (len(years) - 1) / 2) * width for x in range(len(grades))]
        bars = ax.bar(xs, shares, width, label=str(year), color=colours[i % len(colours)])
        if year == years[-1]:
            ax.bar_label(bars, labels=[f"{s}%" for s in shares], fontsize=9, padding=2)
    ax.axhline(50, color=GREY, linestyle="--", linewidth=1)
    ax.text(len(grades) - 0.5, 50.5, "parity", color=GREY, ha="right", va="bottom", fontsize=9)
    ax.set_xticks(range(len(grades)), grades)
    ax.set_ylim(0, 70)
    ax.set_ylabel("Women (% of staff at the grade)")
    ax.set_title("Women's share by Professional grade, 2019-2021")
    ax.legend(title="Year", frameon=False, ncols=len(years), loc="upper right")
    latest = df.filter(year=years[-1])
    alt = (f"Grouped bar chart of the percentage of women at each Professional grade in "
           f"{', '.join(map(str, years))}. In {years[-1]}: "
           + "; ".join(f"{g} {p}%" for g, p in latest.select("grade", "women_percent").rows())
           + ". The dashed line marks parity at 50 per cent.")
    return fig, alt


def plot_headcount() -> tuple[Figure, str]:
    """Headcount by category, 1995-2021 (Annex I, Table 4)."""
    df = iom_annual.staff_headcount().sort("year")
    years = df["year"].to_list()
    labels = [str(y) for y in years]
    xs = range(len(years))  # one bar per year printed
    fig, ax = plt.subplots(figsize=(9, 4.8))
    gs = df["general_service"].to_list()
    prof = df["international_professional"].to_list()
    ax.bar(xs, gs, color=BLUE, label="General Service and National Officers")
    ax.bar(xs, prof, bottom=gs, color=ORANGE, label="International Professional")
    ax.set_xticks(xs, labels)
    for x, total in enumerate(df["total"].to_list()):
        ax.text(x, total + 250, f"{total:,}", ha="center", fontsize=9)
    ax.set_ylabel("Staff (headcount)")
    ax.set_ylim(0, max(df["total"]) * 1.12)
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_title("IOM headcount by category, 1995-2021")
    ax.legend(frameon=False, loc="upper left")
    ax.annotate("years as printed: not evenly spaced", xy=(0.5, -0.14), xycoords="axes fraction",
                ha="center", fontsize=9, color=GREY)
    alt = ("Stacked bar chart of IOM staff by category for the years printed in Annex I, Table 4 ("
           + ", ".join(labels) + "). Totals: "
           + "; ".join(f"{y} {t:,} ({p:,} international Professional, {g:,} General Service)"
                       for y, t, p, g in df.select("year", "total", "international_professional",
                                                   "general_service").rows())
           + ".")
    return fig, alt


def plot_top_nationalities(top: int = 15) -> tuple[Figure, str]:
    """The nationalities with most staff, both categories (Annexes II and III)."""
    df = iom_annual.staff_by_nationality().filter(pl.col("iso3").is_not_null())
    # Group on the ISO3 code: the two annexes spell a few names differently.
    wide = (
        df.group_by("iso3")
        .agg(pl.col("nationality").first(),
             pl.col("total").filter(pl.col("category") == "general_service").sum().alias("gs"),
             pl.col("total").filter(pl.col("category") == "professional").sum().alias("prof"),
             pl.col("total").sum())
        .sort(["total", "nationality"], descending=[True, False])
        .head(top)
        .reverse()
    )
    fig, ax = plt.subplots(figsize=(9, 6))
    names = wide["nationality"].to_list()
    ax.barh(names, wide["gs"], color=BLUE, label="General Service (Annex II)")
    ax.barh(names, wide["prof"], left=wide["gs"], color=ORANGE, label="Professional and higher (Annex III)")
    for y, total in enumerate(wide["total"].to_list()):
        ax.text(total + 10, y, f"{total:,}", va="center", fontsize=9)
    ax.set_xlabel("Staff at the end of 2021")
    ax.set_xlim(0, max(wide["total"]) * 1.1)
    ax.set_title(f"The {top} nationalities with most IOM staff, 2021")
    ax.legend(frameon=False, loc="lower right")
    rows = wide.reverse().select("nationality", "total", "gs", "prof").rows()
    alt = (f"Horizontal stacked bar chart of the {top} nationalities with most IOM staff at the end of "
           "2021, General Service and Professional staff stacked. Largest first: "
           + "; ".join(f"{n} {t:,} ({g:,} General Service, {p:,} Professional)" for n, t, g, p in rows)
           + ".")
    return fig, alt


def plot_operations_reach() -> tuple[Figure, str] | None:
    """Reach of the operations by theme: the largest count of people per theme in 2021.

    Returns None while the installed package has no ``key_figures``.
    """
    if not hasattr(iom_annual, "key_figures"):
        return None
    operations = {t.name: t.title for t in iom_annual.themes() if t.namespace == "operations"}
    people = (
        iom_annual.key_figures()
        .filter(pl.col("theme").is_in(list(operations)), unit="people", year=2021)
        .sort(["value", "metric"], descending=[True, False])
        .unique("theme", keep="first", maintain_order=True)
        .sort("value")
    )
    if people.is_empty():
        return None
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.36 * people.height + 1.4)))
    labels = [f"{operations[t]}\n({m})" for t, m in people.select("theme", "metric").rows()]
    values = people["value"].to_list()
    ax.barh(range(people.height), values, color=BLUE)
    ax.set_yticks(range(people.height), labels, fontsize=9)
    if max(values) / max(min(values), 1) > 100:
        ax.set_xscale("log")  # the counts span several orders of magnitude
        ax.set_xlabel("People (log scale)")
    else:
        ax.set_xlabel("People")
    for y, v in enumerate(values):
        ax.text(v * 1.08, y, _human(v), va="center", fontsize=8)
    ax.set_xlim(right=max(values) * 6)
    ax.set_title("Reach of IOM operations by theme, 2021")
    fig.tight_layout()
    ordered = people.reverse()
    alt = ("Horizontal bar chart, logarithmic scale, of the largest number of people stated for each "
           "theme of IOM operations in 2021, largest first: "
           + "; ".join(f"{operations[t]}: {_human(v)} ({m.replace('_', ' ')})"
                       for t, m, v in ordered.select("theme", "metric", "value").rows())
           + ".")
    return fig, alt


def _human(value: float) -> str:
    for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= scale > 1e3:
            return f"{value / scale:.3g} {word}"
    return f"{value:,.0f}"


def _escape(text: str) -> str:
    """Text safe in a Markdown paragraph (no markup characters)."""
    import re

    return re.sub(r"([\\`*_\[\]{}<>()#+!|~$&:])", r"\\\1", text)


@dataclass(frozen=True)
class DrawnFigure:
    """A plot written to disk, with what the page needs to show it."""

    name: str
    function: str
    title: str
    alt: str
    png: str | None
    caption: str = ""

    def markdown(self) -> str:
        lines = [f"## {self.title}", ""]
        if self.png is None:
            lines += ["```{note}", "This plot needs the ``key_figures`` dataset, which the installed "
                      "version of ``iom_annual`` does not have yet.", "```", ""]
        else:
            lines += [f"```{{figure}} /_generated/plots/{self.png}", f":alt: {self.alt}",
                      f":name: fig-{self.name.replace('_', '-')}", ":width: 100%", ":class: iom-plot", "",
                      f"{self.title}. {self.caption}Drawn from the data when these pages were built.",
                      "```", ""]
            lines += ["<details class=\"iom-alt\"><summary>The picture in words (its alt text)</summary>", "",
                      _escape(self.alt), "", "</details>", ""]
        lines += ["The code that draws it ({file}`docs/_ext/iom_docs_plots.py`):", "",
                  "```{literalinclude} /_ext/iom_docs_plots.py", ":language: python",
                  f":pyobject: {self.function}", "```", ""]
        return "\n".join(lines)


PLOTS: list[tuple[str, str, str, Callable[[], tuple[Figure, str] | None]]] = [
    ("women_by_grade", "Women's share by Professional grade, 2019-2021",
     "Percentages as printed in Annex I, Table 2. ", plot_women_by_grade),
    ("headcount", "Headcount 1995-2021 by category",
     "Annex I, Table 4, which prints 1995, 2005 and 2017-2021 only. ", plot_headcount),
    ("top_nationalities", "The nationalities with most staff",
     "Annexes II and III added up per nationality. ", plot_top_nationalities),
    ("operations_reach", "Reach of the operations by theme",
     "Each bar is the largest number of people that the report states for a theme of "
     "\"IOM operations and activities\" in 2021, with the figure's metric under the theme; "
     "depending on the theme it counts people assisted, reached, tracked or (for crisis response) "
     "displaced worldwide. Themes with no figure in people have no bar. ", plot_operations_reach),
]


def draw_all(outdir: Path) -> list[DrawnFigure]:
    """Draw every plot into ``outdir`` (PNG, deterministic) and describe each."""
    outdir.mkdir(parents=True, exist_ok=True)
    drawn = []
    with plt.rc_context(STYLE):
        for name, title, caption, func in PLOTS:
            result = func()
            png = None
            if result is not None:
                fig, alt = result
                png = f"{name}.png"
                fig.savefig(outdir / png, bbox_inches="tight", metadata={"Software": None})
                plt.close(fig)
            else:
                alt = ""
            drawn.append(DrawnFigure(name, func.__name__, title, alt, png, caption))
    return drawn
