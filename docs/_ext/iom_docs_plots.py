"""The plots of the documentation, drawn at build time from the package's data.

Each ``plot_*`` function uses only the public API of ``iom_annual``,
polars and matplotlib, and returns the figure with its alt text (which states
the numbers the picture shows, for readers who cannot see it).  The docs show
each function's code beside its picture: copy it to draw the same plot.

Every plot is written twice as SVG (vector: sharp at any size), once for a
light page and once for a dark one; the page shows the one that matches the
reader's theme (furo's ``only-light`` / ``only-dark`` classes).  Each image
carries its own source line, so it stays attributed when it is shared alone.
"""

from __future__ import annotations

import csv
import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # no display: draw to files only
logging.getLogger("matplotlib").setLevel(logging.WARNING)

import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402
from matplotlib.colors import BoundaryNorm  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

import iom_annual  # noqa: E402
from iom_annual._core.display import value_phrase  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

DATA = Path(__file__).resolve().parent.parent / "_data"

# Mid-tone colours that keep their contrast on a white and on a near-black page.
BLUE, ORANGE, TEAL, GREY = "#3b82c4", "#e8772e", "#2a9d8f", "#8c8c8c"
REPORT = "IOM, Annual Report for 2021 (C/113/INF/1/Rev.1)"

# Sizes chosen for a phone: a 6.4-inch figure shown 350 px wide keeps 13 pt text
# at about 10 px, the smallest size that stays readable.
STYLE = {
    "figure.dpi": 100, "savefig.dpi": 100, "font.size": 13, "axes.titlesize": 14,
    "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
    "legend.fontsize": 11, "xtick.labelsize": 11, "ytick.labelsize": 11,
    "svg.hashsalt": "iom_annual", "svg.fonttype": "none", "path.simplify": True,
    "savefig.transparent": False,
}
# Text, line and background colours of each page theme (the bars keep their
# mid-tone colours).  The background is the page's own (furo's), painted into
# the image so that a picture saved or opened on its own stays readable: light
# text on a transparent background vanishes on a white viewer.
THEMES = {
    "light": {"text.color": "#1f1f1f", "axes.labelcolor": "#1f1f1f", "axes.edgecolor": "#555555",
              "xtick.color": "#1f1f1f", "ytick.color": "#1f1f1f", "grid.color": "#dddddd",
              "figure.facecolor": "#ffffff", "axes.facecolor": "#ffffff", "savefig.facecolor": "#ffffff"},
    "dark": {"text.color": "#e6e6e6", "axes.labelcolor": "#e6e6e6", "axes.edgecolor": "#aaaaaa",
             "xtick.color": "#e6e6e6", "ytick.color": "#e6e6e6", "grid.color": "#444444",
             "figure.facecolor": "#131416", "axes.facecolor": "#131416", "savefig.facecolor": "#131416"},
}


def source_line(fig: Figure, where: str, origin: str = REPORT) -> None:
    """Write the source of the numbers inside the image, bottom left."""
    # Just below the axes' area; the tight bounding box of savefig keeps it in the image.
    fig.text(0.01, -0.01, f"Source: {origin},\n{where}. Drawn with iom_annual.",
             fontsize=9, ha="left", va="top", alpha=0.8)


def plot_women_by_grade() -> tuple[Figure, str]:
    """Share of women by Professional grade, 2019-2021 (Annex I, Table 2)."""
    df = iom_annual.professional_women_by_grade()
    grades = df["grade"].unique(maintain_order=True).to_list()
    years = sorted(df["year"].unique().to_list())
    fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    width = 0.8 / len(years)
    colours = ["#9ecae1", "#6baed6", BLUE]
    for i, year in enumerate(years):
        shares = [df.filter(grade=g, year=year)["women_percent"].item() for g in grades]
        xs = [x + (i - (len(years) - 1) / 2) * width for x in range(len(grades))]
        bars = ax.bar(xs, shares, width, label=str(year), color=colours[i % len(colours)])
        if year == years[-1]:
            ax.bar_label(bars, labels=[f"{s}%" for s in shares], fontsize=10, padding=2)
    ax.axhline(50, color=GREY, linestyle="--", linewidth=1)
    ax.text(len(grades) - 0.5, 51, "parity", color=GREY, ha="right", va="bottom", fontsize=10)
    ax.set_xticks(range(len(grades)), grades, rotation=30, ha="right")
    ax.set_ylim(0, 72)
    ax.set_ylabel("Women (% of the grade)")
    ax.set_title("Women's share by Professional grade")
    ax.legend(title="Year", frameon=False, ncols=len(years), loc="upper right", fontsize=10)
    source_line(fig, "Annex I, Table 2")
    latest = df.filter(year=years[-1])
    alt = (f"Grouped bar chart of the percentage of women at each Professional grade in "
           f"{', '.join(map(str, years))}. In {years[-1]}: "
           + "; ".join(f"{g} {p}%" for g, p in latest.select("grade", "women_percent").rows())
           + ". The dashed line marks parity at 50 per cent.")
    return fig, alt


def plot_women_over_time() -> tuple[Figure, str]:
    """Women's share of Professional staff and of P-5 and above, 2017-2021 (Annex I, Tables 1 and 3)."""
    df = iom_annual.metrics.women_share_over_time().sort("year")
    labels = {"professional": "All Professional staff", "p5_and_above": "P-5 and above"}
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    for (level, colour) in (("professional", BLUE), ("p5_and_above", ORANGE)):
        part = df.filter(level=level)
        years, shares = part["year"].to_list(), part["women_percent_published"].to_list()
        ax.plot(years, shares, marker="o", color=colour, linewidth=2.5, label=labels[level])
        for x, y in zip(years, shares, strict=True):
            ax.annotate(f"{y}%", (x, y), textcoords="offset points", xytext=(0, 8), ha="center",
                        fontsize=10, color=colour)
    ax.axhline(50, color=GREY, linestyle="--", linewidth=1)
    ax.set_xticks(sorted(df["year"].unique().to_list()))
    ax.set_ylim(20, 60)
    ax.set_ylabel("Women (% of staff)")
    ax.set_title("Women's share, 2017-2021")
    ax.legend(frameon=False, loc="lower right")
    source_line(fig, "Annex I, Tables 1 and 3")
    alt = ("Line chart of the percentage of women among IOM's Professional staff and among staff at "
           "grade P-5 and above, as printed for each year: "
           + "; ".join(f"{labels[lv]} {y} {p}%" for lv, y, p in
                       df.select("level", "year", "women_percent_published").rows())
           + ". The dashed line marks parity.")
    return fig, alt


def plot_headcount() -> tuple[Figure, str]:
    """Headcount by category, 1995-2021 (Annex I, Table 4)."""
    df = iom_annual.staff_headcount().sort("year")
    years = df["year"].to_list()
    labels = [str(y) for y in years]
    xs = range(len(years))  # one bar per year printed: the years are not evenly spaced
    fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    gs = df["general_service"].to_list()
    prof = df["international_professional"].to_list()
    ax.bar(xs, gs, color=BLUE, label="General Service and National Officers")
    ax.bar(xs, prof, bottom=gs, color=ORANGE, label="International Professional")
    ax.set_xticks(xs, labels)
    for x, total in enumerate(df["total"].to_list()):
        ax.text(x, total + 250, f"{total / 1000:.1f}k", ha="center", fontsize=10)
    ax.set_ylabel("Staff (headcount)")
    ax.set_ylim(0, max(df["total"]) * 1.3)
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_title("IOM staff by category, 1995-2021")
    ax.legend(frameon=False, loc="upper left", fontsize=10)
    source_line(fig, "Annex I, Table 4 (years as printed)")
    alt = ("Stacked bar chart of IOM staff by category for the years printed in Annex I, Table 4 ("
           + ", ".join(labels) + "). Totals: "
           + "; ".join(f"{y} {t:,} ({p:,} international Professional, {g:,} General Service)"
                       for y, t, p, g in df.select("year", "total", "international_professional",
                                                   "general_service").rows())
           + ".")
    return fig, alt


def plot_staff_by_grade() -> tuple[Figure, str]:
    """Staff at each grade at the end of 2021, both categories (Annexes II and III)."""
    df = (iom_annual.staff_by_grade()
          .group_by("category", "grade", maintain_order=True).agg(pl.col("staff").sum()))
    titles = {"general_service": "General Service (Annex II)", "professional": "Professional and higher (Annex III)"}
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 5.2), layout="constrained")
    for ax, (category, colour) in zip(axes, (("general_service", BLUE), ("professional", ORANGE)), strict=True):
        part = df.filter(category=category).reverse()  # highest grade on top
        ax.barh(part["grade"].to_list(), part["staff"].to_list(), color=colour)
        for y, v in enumerate(part["staff"].to_list()):
            ax.text(v, y, f" {v:,}", va="center", fontsize=9)
        ax.set_xlim(0, max(part["staff"]) * 1.45)
        ax.set_title(titles[category], fontsize=12)
        ax.tick_params(axis="y", labelsize=10)
        ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    fig.suptitle("IOM staff by grade, end of 2021\n(each panel has its own scale)", fontweight="bold")
    source_line(fig, "Annexes II and III")
    alt = ("Two horizontal bar charts of IOM staff at each grade at the end of 2021, each with its own "
           "scale. "
           + " ".join(f"{titles[c]}: " + "; ".join(f"{g} {s:,}" for _, g, s in
                                                    df.filter(category=c).rows()) + "."
                      for c in titles))
    return fig, alt


def plot_staff_by_region() -> tuple[Figure, str]:
    """Staff by UN region of nationality, with women's share (Annexes II and III, M49 regions)."""
    regions = iom_annual.load("countries").select("iso3", "region").unique("iso3")
    df = (iom_annual.staff_by_nationality()
          .join(regions, on="iso3", how="left")
          .with_columns(pl.col("region").fill_null("Other (unnamed)"))  # the annexes' rows "Other"
          .group_by("region").agg(pl.col("female", "male", "total").sum())
          .with_columns((pl.col("female") * 100 / pl.col("total")).alias("women_percent"))
          .sort("total"))
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    names = df["region"].to_list()
    ax.barh(names, df["female"].to_list(), color=TEAL, label="Women")
    ax.barh(names, df["male"].to_list(), left=df["female"].to_list(), color=GREY, label="Men")
    for y, (total, share) in enumerate(df.select("total", "women_percent").rows()):
        ax.text(total, y, f" {total:,} ({share:.0f}% women)", va="center", fontsize=10)
    ax.set_xlim(0, max(df["total"]) * 1.6)
    ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Staff at the end of 2021")
    ax.set_title("Staff by region of nationality")
    ax.legend(frameon=False, loc="lower right")
    source_line(fig, "Annexes II and III; UN M49 regions")
    alt = ("Horizontal stacked bar chart of IOM staff at the end of 2021 by the UN region of their "
           "nationality, women and men stacked, largest first: "
           + "; ".join(f"{r} {t:,} staff, {s:.0f}% women" for r, t, s in
                       df.reverse().select("region", "total", "women_percent").rows()) + ".")
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
    )
    # Nationalities tied with the last one shown are shown too: a cut inside a
    # tie would drop one of two equal countries by its name's spelling.
    cut = wide["total"][top - 1]
    wide = wide.filter(pl.col("total") >= cut).reverse()
    shown = wide.height
    fig, ax = plt.subplots(figsize=(6.4, 6 * shown / top), layout="constrained")
    names = wide["nationality"].to_list()
    ax.barh(names, wide["gs"], color=BLUE, label="General Service")
    ax.barh(names, wide["prof"], left=wide["gs"], color=ORANGE, label="Professional and higher")
    for y, total in enumerate(wide["total"].to_list()):
        ax.text(total + 10, y, f"{total:,}", va="center", fontsize=10)
    ax.set_xlabel("Staff at the end of 2021")
    ax.set_xlim(0, max(wide["total"]) * 1.15)
    ax.tick_params(axis="y", labelsize=10)
    ax.set_title(f"The {shown} nationalities with most staff"
                 + (f"\n({shown - top + 1} tied at {cut:,})" if shown > top else ""))
    ax.legend(frameon=False, loc="lower right")
    source_line(fig, "Annexes II and III")
    rows = wide.reverse().select("nationality", "total", "gs", "prof").rows()
    alt = (f"Horizontal stacked bar chart of the {shown} nationalities with most IOM staff at the end of "
           "2021, General Service and Professional staff stacked. Largest first: "
           + "; ".join(f"{n} {t:,} ({g:,} General Service, {p:,} Professional)" for n, t, g, p in rows)
           + ".")
    return fig, alt


def plot_staff_map() -> tuple[Figure, str]:
    """Staff by nationality on a tile-grid map: one square per country, roughly where it lies."""
    with open(DATA / "tile_grid.csv", encoding="utf-8") as f:  # docs/_data/tile_grid.csv
        grid = pl.DataFrame(list(csv.DictReader(f))).with_columns(pl.col("col", "row").cast(pl.Int64))
    staff = (iom_annual.staff_by_nationality().filter(pl.col("iso3").is_not_null())
             .group_by("iso3").agg(pl.col("total").sum()))
    tiles = grid.join(staff, on="iso3", how="left").with_columns(pl.col("total").fill_null(0))
    bounds = [0, 1, 10, 50, 100, 250, 500, 2000]
    colours = ["#d9d9d9", "#c6dbef", "#9ecae1", "#6baed6", "#3b82c4", "#2166ac", "#08306b"]
    norm = BoundaryNorm(bounds, len(colours))
    width, height = tiles["col"].max() + 1, tiles["row"].max() + 1
    fig, ax = plt.subplots(figsize=(6.4, 6.4 * height / width + 1.1), layout="constrained")
    for iso3, col, row, total in tiles.select("iso3", "col", "row", "total").rows():
        colour = colours[min(int(norm(total)), len(colours) - 1)]
        ax.add_patch(Rectangle((col, -row), 0.92, 0.92, color=colour, linewidth=0))
        # 5.3 pt: the largest size at which a three-letter code stays inside its square
        # (about 9 px on a desktop page; a phone scrolls the map sideways at 10 px, and
        # a click on the map opens it at the window's full width).
        ax.text(col + 0.46, -row + 0.46, iso3, ha="center", va="center", fontsize=5.3,
                color="white" if total >= 100 else "#1f1f1f")
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(-height + 0.8, 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
    labels = ["none", "1-9", "10-49", "50-99", "100-249", "250-499", "500+"]
    ax.legend(handles=[Patch(color=c, label=lab) for c, lab in zip(colours, labels, strict=True)],
              title="Staff", frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncols=4, fontsize=10, title_fontsize=10)
    ax.set_title("Where IOM's staff come from, end of 2021")
    source_line(fig, "Annexes II and III; tile positions in docs/_data/tile_grid.csv")
    top = tiles.sort("total", descending=True).head(10)
    alt = (f"Tile-grid world map with one square per country ({tiles.height} countries), shaded by "
           f"the number of IOM staff of that nationality at the end of 2021. "
           f"{tiles.filter(pl.col('total') > 0).height} countries have at least one staff member. "
           "Largest: " + "; ".join(f"{i} {t:,}" for i, t in top.select("iso3", "total").rows()) + ".")
    return fig, alt


def plot_operations_reach() -> tuple[Figure, str]:
    """People reached by IOM in 2021, one bar per figure (chosen and labelled in docs/_data/reach_figures.csv)."""
    with open(DATA / "reach_figures.csv", encoding="utf-8") as f:
        chosen = list(csv.DictReader(f))
    label = {row["id"]: row["label"] for row in chosen}
    overall = [iom_annual.figure(row["id"]) for row in chosen if row["overall"] == "yes"]
    parts = sorted((iom_annual.figure(row["id"]) for row in chosen if row["overall"] != "yes"),
                   key=lambda fig: fig.value)
    figures = parts + overall  # the overall figure on top, apart from the others
    fig, ax = plt.subplots(figsize=(6.4, 0.55 * len(figures) + 2.0), layout="constrained")
    for y, f in enumerate(figures):
        exact = f.qualifier == "exact"
        colour = GREY if f in overall else BLUE
        ax.barh(y, f.value / 1e6, color=colour if exact else "none", edgecolor=colour, linewidth=1.5,
                hatch=None if exact else "///")
        ax.text(f.value / 1e6, y, "  " + value_phrase(f.value, "", f.qualifier).strip(),
                va="center", fontsize=10)
    if overall:
        ax.axhline(len(parts) - 0.5, color=GREY, linestyle="--", linewidth=1)
        ax.text(0, len(figures) - 0.35,
                "The top bar is IOM's crisis work as a whole: it covers much of the\n"
                "work below. The bars overlap; they do not add up.",
                ha="left", va="bottom", fontsize=9, style="italic")
        ax.set_ylim(-0.6, len(figures) + 0.9)
    # What each bar counts (not its theme's title: a theme's figure may count one activity only),
    # on two lines: a narrower picture stays larger on a phone.
    ax.set_yticks(range(len(figures)), [textwrap.fill(label[f.id], 30) for f in figures], fontsize=9)
    ax.set_xlim(0, max(f.value for f in figures) / 1e6 * 1.9)
    ax.set_xlabel("People reached (millions)")
    ax.set_title("People reached by IOM in 2021")
    ax.legend(handles=[Patch(color=BLUE, label="as stated"),
                       Patch(facecolor="none", edgecolor=BLUE, hatch="///",
                             label="'more than' or 'about'")],
              frameon=False, loc="lower right", fontsize=10)
    source_line(fig, "paragraphs and boxes cited per figure")
    alt = ("Horizontal bar chart of the number of people IOM reached in 2021, one bar per figure the "
           "report states, labelled with what it counts; hatched bars are lower bounds or "
           "approximations. The top bar, apart from the others, is IOM's crisis work as a whole, which "
           "covers much of the work of the other bars: the bars overlap and do not add up. "
           + "; ".join(f"{label[f.id]}: {value_phrase(f.value, f.unit, f.qualifier)} ({f.citation})"
                       for f in reversed(figures)) + ".")
    return fig, alt


def plot_finance() -> tuple[Figure, str]:
    """IOM's revenue and expenses 2011-2024, with the report's year marked (CEB statistics)."""
    df = iom_annual.finance_by_year()
    years = df["year"].to_list()
    revenue = (df["revenue"] / 1e9).to_list()
    expenses = (df["expenses"] / 1e9).to_list()
    fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    ax.plot(years, revenue, color=BLUE, marker="o", label="Revenue")
    ax.plot(years, expenses, color=ORANGE, marker="s", linestyle="--", label="Expenses")
    ax.axvline(2021, color=GREY, linewidth=1, linestyle=":")
    ax.annotate("2021: the report's year\nUSD 2.55 bn revenue,\n2.53 bn expenses",
                xy=(2021, revenue[years.index(2021)]), xytext=(2012, 3.0), fontsize=10,
                arrowprops={"arrowstyle": "->", "color": GREY})
    ax.set_xticks(years[::2])
    ax.set_ylim(0, max(revenue + expenses) * 1.15)
    ax.set_ylabel("US dollars (billions)")
    ax.set_title("IOM revenue and expenses, 2011-2024")
    ax.legend(frameon=False, loc="lower right")
    ax.grid(axis="y")
    source_line(fig, "via github.com/un-fck/open.unfck.org (commit 052fc73)",
                origin="UN System Chief Executives Board, financial statistics")
    alt = ("Line chart of IOM's yearly revenue and expenses from 2011 to 2024, in billions of US dollars, "
           "with a dotted line at 2021, the year of the report. "
           + "; ".join(f"{y}: revenue {r:.2f}, expenses {e:.2f}" for y, r, e in zip(years, revenue, expenses,
                                                                                   strict=True))
           + ".")
    return fig, alt


def _escape(text: str) -> str:
    """Text safe in a Markdown paragraph (no markup characters)."""
    import re

    return re.sub(r"([\\`*_\[\]{}<>()#+!|~$&:])", r"\\\1", text)


@dataclass(frozen=True)
class DrawnFigure:
    """A plot written to disk (a light and a dark SVG), with what the page needs to show it."""

    name: str
    function: str
    title: str
    alt: str
    caption: str = ""

    def image(self, *, label: bool = True) -> str:
        """The light and the dark picture, each shown only in its page theme."""
        lines = []
        for theme in THEMES:
            lines += [f"```{{figure}} /_generated/plots/{self.name}-{theme}.svg", f":alt: {self.alt}"]
            if label and theme == "light":
                lines.append(f":name: fig-{self.name.replace('_', '-')}")
            lines += [":width: 100%", ":class: iom-plot", f":figclass: only-{theme}", "",
                      f"{self.title}. {self.caption}Drawn from the data when these pages were built.",
                      "```", ""]
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", self.image()]
        lines += ["<details class=\"iom-alt\"><summary>The picture in words (its alt text)</summary>", "",
                  _escape(self.alt), "", "</details>", ""]
        lines += ["The code that draws it ({file}`docs/_ext/iom_docs_plots.py`):", "",
                  "```{literalinclude} /_ext/iom_docs_plots.py", ":language: python",
                  f":pyobject: {self.function}", "```", ""]
        return "\n".join(lines)


PLOTS: list[tuple[str, str, str, Callable[[], tuple[Figure, str]]]] = [
    ("operations_reach", "People reached by IOM in 2021",
     "One bar per figure, labelled with what it counts: the number of people the report says IOM reached "
     "(the figures and their labels are in {file}`docs/_data/reach_figures.csv`); world totals, people "
     "tracked and people displaced are left out. The top bar, IOM's crisis work as a whole, covers much "
     "of the others: the bars overlap and do not add up. Hatched bars are lower bounds or approximations. ",
     plot_operations_reach),
    ("staff_map", "Where the staff come from",
     "A tile-grid map: every country the same size, roughly where it lies; click it to open it "
     "at the window's full width. ", plot_staff_map),
    ("staff_by_region", "Staff by UN region, with women's share",
     "Annexes II and III, nationalities joined to the countries table's UN M49 regions. ",
     plot_staff_by_region),
    ("women_over_time", "Women's share 2017-2021: all Professional staff and P-5 and above",
     "Percentages as printed in Annex I, Tables 1 and 3. ", plot_women_over_time),
    ("women_by_grade", "Women's share by Professional grade, 2019-2021",
     "Percentages as printed in Annex I, Table 2. ", plot_women_by_grade),
    ("staff_by_grade", "Staff by grade", "Annexes II and III added up per grade. ", plot_staff_by_grade),
    ("headcount", "Headcount 1995-2021 by category",
     "Annex I, Table 4, which prints 1995, 2005 and 2017-2021 only. ", plot_headcount),
    ("top_nationalities", "The nationalities with most staff",
     "Annexes II and III added up per nationality. ", plot_top_nationalities),
    ("finance", "IOM's revenue and expenses, 2011-2024",
     "The UN System Chief Executives Board's figures ({func}`iom_annual.finance_by_year`); the dotted "
     "line marks 2021, the year of the report. ", plot_finance),
]


def draw_all(outdir: Path) -> list[DrawnFigure]:
    """Draw every plot into ``outdir`` (a light and a dark SVG, deterministic) and describe each."""
    outdir.mkdir(parents=True, exist_ok=True)
    drawn = []
    for name, title, caption, func in PLOTS:
        alt = ""
        for theme, colours in THEMES.items():
            with plt.rc_context({**STYLE, **colours}):
                fig, alt = func()
                target = outdir / f"{name}-{theme}.svg"
                fig.savefig(target, bbox_inches="tight", pad_inches=0.1, metadata={"Date": None, "Creator": None})
                plt.close(fig)
        drawn.append(DrawnFigure(name, func.__name__, title, alt, caption))
    return drawn
