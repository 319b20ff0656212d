"""The narrative figures: every value checked against the report's text."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

import polars as pl
import pytest

import iom_annual
from tools.report_text import normalise, parse_number


# Read on first use, not at import: a loader bug fails tests, not the collection of the suite.
@functools.cache
def figures() -> pl.DataFrame:
    return iom_annual.key_figures()


def rows() -> list[dict[str, Any]]:
    return list(figures().iter_rows(named=True))


FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _segment_key(row: dict[str, object]) -> tuple[str, int | None]:
    if row["location"] == "foreword":
        return ("foreword", None)
    number = row["paragraph"] if row["location"] == "paragraph" else row["box"]
    assert isinstance(number, int)
    return (str(row["location"]), number)


def test_every_as_printed_occurs_where_cited(segments: dict[tuple[str, int | None], object]) -> None:
    missing = []
    for row in rows():
        text = segments[_segment_key(row)].text.translate(FOLD)  # type: ignore[attr-defined]
        if normalise(row["as_printed"]).translate(FOLD) not in text:
            missing.append((row["id"], row["as_printed"]))
    assert missing == []


def test_value_is_what_as_printed_means() -> None:
    wrong = [(row["id"], row["as_printed"], row["value"]) for row in rows()
             if parse_number(str(row["as_printed"])) != pytest.approx(row["value"], rel=1e-12)]
    assert wrong == []


def test_location_columns_agree() -> None:
    for row in rows():
        assert (row["paragraph"] is not None) == (row["location"] == "paragraph"), row["id"]
        assert (row["box"] is not None) == (row["location"] == "box"), row["id"]
        assert row["id"] == f"{row['theme']}.{row['metric']}"


def test_themes_are_registered_in_their_namespace() -> None:
    registered = {t.name: t.namespace for t in iom_annual.themes()}
    for row in rows():
        assert registered[row["theme"]] == row["namespace"], row["id"]
    # every registered theme has figures and is an attribute of its namespace
    assert set(figures()["theme"]) == set(registered)
    for theme in iom_annual.themes():
        holder = iom_annual.operations if theme.namespace == "operations" else iom_annual.institution
        assert getattr(holder, theme.name).figures()


def test_the_whole_text_is_covered() -> None:
    # every numbered paragraph and box that states a figure has rows; the
    # count is what the four curated parts hold (see tools/curated/README.md)
    assert figures().height >= 450
    cited = set(figures().filter(location="paragraph")["paragraph"])
    # the 47 paragraphs without rows print only years, "COVID-19", footnote
    # markers or document numbers; Boxes 7 and 17 state no count at all
    assert len(cited) >= 115 and max(cited) == 164 and min(cited) == 1
    assert set(figures().filter(location="box")["box"]) == set(range(1, 18)) - {7, 17}


def test_links_point_to_figures() -> None:
    ids = set(figures()["id"])
    assert set(figures()["linked_to"].drop_nulls()) <= ids
    comparisons = figures().filter(pl.col("year") != 2021)
    assert comparisons.height > 0


def test_parts_add_up_to_their_whole() -> None:
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows():
        if row["group"]:
            groups[str(row["group"])].append(row)
    assert groups
    for name, members in groups.items():
        roles = {m["group_role"] for m in members}
        values = [float(m["value"]) for m in members if m["group_role"] in ("part", "share")]  # type: ignore[arg-type]
        exact = all(m["qualifier"] == "exact" for m in members)
        if "total" in roles:
            (total,) = [float(m["value"]) for m in members if m["group_role"] == "total"]  # type: ignore[arg-type]
            # printed parts are often rounded ("39.1 million"): allow 1 per cent then
            assert sum(values) == pytest.approx(total, rel=0 if exact else 0.01), name
        elif "share" in roles:
            # shares printed in whole per cent may add to 99-101
            assert abs(sum(values) - 100) <= len(values) / 2, name
        else:
            assert roles == {"partial"}, name
            assert sum(float(m["value"]) for m in members) < 100, name  # type: ignore[arg-type]
        assert len(members) >= 2, name


def test_named_country_lists_fit_their_count() -> None:
    for row in rows():
        if row["countries"]:
            names = str(row["countries"]).split("; ")
            assert len(names) == len(set(names)), row["id"]
            assert len(names) <= float(row["value"]), row["id"]  # type: ignore[arg-type]


def test_typed_access_reads_the_report() -> None:
    ops = iom_annual.operations
    assert ops.wash.people_supported.value == 13_300_000  # paragraph 16
    assert ops.wash.people_supported.citation == "C/113/INF/1/Rev.1, paragraph 16"
    assert ops.cccm.people_reached.qualifier == "lower_bound"  # "over 3.2 million"
    assert ops.dtm.people_tracked.value == 78_400_000  # paragraph 38
    assert iom_annual.figure("cccm.displacement_sites").value == 1561
    assert all(f.theme == "wash" for f in ops.wash.figures())


def test_unknown_theme_or_metric_suggests() -> None:
    with pytest.raises(iom_annual.UnknownThemeError, match="wash"):
        iom_annual.operations.wsh  # noqa: B018
    with pytest.raises(iom_annual.UnknownMetricError, match="people_supported"):
        iom_annual.operations.wash.people_suported  # noqa: B018
    with pytest.raises(iom_annual.UnknownThemeError, match="wash"):
        iom_annual.key_figures("wahs")
    assert not hasattr(iom_annual.operations.wash, "nothing")


def test_figures_are_frozen() -> None:
    with pytest.raises(AttributeError):
        iom_annual.operations.wash.people_supported.value = 1  # type: ignore[misc]


def test_charts_are_listed_as_unavailable(source_path: object) -> None:
    from pathlib import Path

    text = normalise(Path(str(source_path)).read_text(encoding="utf-8")).translate(FOLD)
    charts = iom_annual.charts()
    assert charts.height >= 10
    assert not charts["data_available"].any()
    for title in charts["title_as_printed"]:
        assert normalise(title).translate(FOLD) in text, title
    for known in ("Total number of internally displaced persons", "Total revenue and expenditure for 2021",
                  "Snapshot of gender balance within the Organization"):
        assert known in charts["title_as_printed"].to_list()
