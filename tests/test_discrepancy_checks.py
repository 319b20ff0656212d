"""Each computed discrepancy check of ``tools/discrepancies.py`` on its own.

The rows come from the bundled datasets (the build's own rows, written out).
Every test first makes the two sides agree, using counts computed here from
the frames, and requires silence; then breaks the agreement and requires
the row, with both values.
"""

from __future__ import annotations

import copy
import functools
import inspect
from typing import Any

import polars as pl
import pytest

import iom_annual
from tools import discrepancies as d

Row = dict[str, Any]
NAMES = ("staff_by_nationality", "staff_by_grade", "professional_staff_by_sex", "senior_staff_by_sex",
         "staff_headcount", "nationalities_represented", "key_figures")


@functools.cache
def bundled() -> dict[str, list[Row]]:
    """The datasets' rows, read on first use (not at import: a loader bug fails tests, not collection)."""
    return {name: iom_annual.load(name).to_dicts() for name in NAMES}


@functools.cache
def nat() -> pl.DataFrame:
    return iom_annual.load("staff_by_nationality")


def prof() -> pl.DataFrame:
    return nat().filter(category="professional")


@pytest.fixture
def data() -> dict[str, list[Row]]:
    return copy.deepcopy(bundled())


def run(check: Any, data: dict[str, list[Row]]) -> list[Row]:
    return list(check(d.Annexes(data)))


def year(data: dict[str, list[Row]], name: str, when: int) -> Row:
    (row,) = [r for r in data[name] if r["year"] == when]
    return row


def figure(data: dict[str, list[Row]], figure_id: str) -> Row:
    (row,) = [r for r in data["key_figures"] if r["id"] == figure_id]
    return row


def test_every_check_is_in_the_table_once() -> None:
    # a check written but left out of CHECKS would never run
    def takes_annexes(f: Any) -> bool:
        first = next(iter(inspect.signature(f).parameters.values()), None)
        return first is not None and str(first.annotation) == "Annexes"

    written = {f for f in vars(d).values()
               if inspect.isfunction(f) and f.__module__ == d.__name__ and takes_annexes(f)}
    assert len(d.CHECKS) == len(set(d.CHECKS))
    assert set(d.CHECKS) == written


def test_the_checks_reproduce_the_bundled_computed_rows(data: dict[str, list[Row]]) -> None:
    bundled = iom_annual.discrepancies().with_columns(pl.col("explanation").fill_null(""))
    got = list(d.computed_discrepancies(data))
    assert got == bundled.head(len(got)).to_dicts()
    assert len(got) == 12


def test_annex3_total_vs_table1(data: dict[str, list[Row]]) -> None:
    annex = prof()["total"].sum()
    year(data, "professional_staff_by_sex", 2021)["total"] = annex
    assert run(d.annex3_total_vs_table1, data) == []
    e_grades = iom_annual.staff_by_grade("professional").filter(pl.col("grade").is_in(["E-1", "E-2"]))
    year(data, "professional_staff_by_sex", 2021)["total"] = annex - e_grades["staff"].sum()
    (row,) = run(d.annex3_total_vs_table1, data)
    assert row["value_a"] == f"{annex:,}" and "E-1" in row["explanation"]
    year(data, "professional_staff_by_sex", 2021)["total"] = annex - 100
    (row,) = run(d.annex3_total_vs_table1, data)
    assert row["explanation"] == ""  # the E grades do not explain this gap


def test_annex3_sexes_vs_narrative(data: dict[str, list[Row]]) -> None:
    figure(data, "human_resources.professional_staff_women")["value"] = prof()["female"].sum()
    figure(data, "human_resources.professional_staff_men")["value"] = prof()["male"].sum()
    assert run(d.annex3_sexes_vs_narrative, data) == []
    figure(data, "human_resources.professional_staff_men")["value"] = prof()["male"].sum() + 1
    (row,) = run(d.annex3_sexes_vs_narrative, data)
    assert row["id"] == "annex3_men_vs_paragraph_145" and row["value_a"] == f"{prof()['male'].sum():,}"


def test_annexes_total_vs_table4(data: dict[str, list[Row]]) -> None:
    year(data, "staff_headcount", 2021)["total"] = nat()["total"].sum()
    assert run(d.annexes_total_vs_table4, data) == []
    year(data, "staff_headcount", 2021)["total"] = nat()["total"].sum() - 7
    (row,) = run(d.annexes_total_vs_table4, data)
    assert row["value_a"] == f"{nat()['total'].sum():,}" and row["explanation"] == ""


def test_foreword_staff_growth(data: dict[str, list[Row]]) -> None:
    before = year(data, "staff_headcount", 2020)["total"]
    after = year(data, "staff_headcount", 2021)["total"]
    growth = (after - before) * 100 / before
    figure(data, "human_resources.staff_change_pct_foreword")["value"] = int(growth + 0.5)
    assert run(d.foreword_staff_growth, data) == []
    figure(data, "human_resources.staff_change_pct_foreword")["value"] = int(growth + 0.5) + 1
    (row,) = run(d.foreword_staff_growth, data)
    assert row["value_b"] == f"{growth:.1f}%"


@pytest.mark.parametrize(("name", "part", "printed", "prefix"), [
    ("professional_staff_by_sex", "women", "women_percent", "table1"),
    ("senior_staff_by_sex", "women", "women_percent", "table3"),
    ("staff_headcount", "international_professional", "professional_percent", "table4"),
])
def test_annex1_printed_shares(data: dict[str, list[Row]], name: str, part: str, printed: str,
                               prefix: str) -> None:
    for table in ("professional_staff_by_sex", "senior_staff_by_sex", "staff_headcount"):
        for r in data[table]:
            share = "women" if table != "staff_headcount" else "international_professional"
            key = "women_percent" if table != "staff_headcount" else "professional_percent"
            r[key] = int(r[share] * 100 / r["total"] + 0.5)
    assert run(d.annex1_printed_shares, data) == []
    data[name][0][printed] += 1
    (row,) = run(d.annex1_printed_shares, data)
    assert row["id"] == f"{prefix}_{data[name][0]['year']}_percent"
    assert row["value_a"] == f"{data[name][0][printed]}%"


def test_annex4_member_share(data: dict[str, list[Row]]) -> None:
    for r in data["nationalities_represented"]:
        r["member_states_represented_percent"] = int(
            r["member_state_nationalities"] * 100 / r["member_states"] + 0.5)
    assert run(d.annex4_member_share, data) == []
    data["nationalities_represented"][-1]["member_states_represented_percent"] += 2
    (row,) = run(d.annex4_member_share, data)
    assert row["id"] == f"annex4_{data['nationalities_represented'][-1]['year']}_percent"


def test_annex4_member_nationalities(data: dict[str, list[Row]]) -> None:
    members = prof().filter(pl.col("member_state") & (pl.col("total") > 0)).height
    year(data, "nationalities_represented", 2021)["member_state_nationalities"] = members
    assert run(d.annex4_member_nationalities, data) == []
    year(data, "nationalities_represented", 2021)["member_state_nationalities"] = members + 1
    (row,) = run(d.annex4_member_nationalities, data)
    assert (row["value_a"], row["value_b"]) == (str(members + 1), str(members))


def test_annex4_non_member_nationalities(data: dict[str, list[Row]]) -> None:
    named = prof().filter(~pl.col("member_state") & (pl.col("total") > 0) & pl.col("iso3").is_not_null())
    year(data, "nationalities_represented", 2021)["non_member_state_nationalities"] = named.height
    assert run(d.annex4_non_member_nationalities, data) == []
    year(data, "nationalities_represented", 2021)["non_member_state_nationalities"] = named.height + 3
    (row,) = run(d.annex4_non_member_nationalities, data)
    other = prof().filter(pl.col("iso3").is_null())["total"].sum()
    assert row["value_b"] == str(named.height) and f"with {other} staff" in row["explanation"]
    assert "hold 3 distinct" in row["explanation"]


def test_professional_nationalities(data: dict[str, list[Row]]) -> None:
    named = prof().filter((pl.col("total") > 0)
                        & (pl.col("member_state") | pl.col("iso3").is_not_null())).height
    year(data, "nationalities_represented", 2021)["total_nationalities"] = named
    figure(data, "diversity.professional_staff_nationalities")["value"] = named
    assert run(d.professional_nationalities, data) == []
    figure(data, "diversity.professional_staff_nationalities")["value"] = named + 2
    (row,) = run(d.professional_nationalities, data)
    assert row["id"] == "paragraph_153_professional_nationalities" and row["value_b"] == str(named)


def test_senior_nationalities(data: dict[str, list[Row]]) -> None:
    senior = iom_annual.staff_by_grade("professional").filter(
        pl.col("grade").is_in(["E-1", "E-2", "D-2", "D-1", "P-5", "P-4"]) & (pl.col("staff") > 0))
    count = senior["nationality"].n_unique()
    figure(data, "diversity.senior_staff_p4_above_nationalities")["value"] = count
    assert run(d.senior_nationalities, data) == []
    figure(data, "diversity.senior_staff_p4_above_nationalities")["value"] = count - 1
    (row,) = run(d.senior_nationalities, data)
    assert row["value_b"] == str(count)


def test_workforce_nationalities(data: dict[str, list[Row]]) -> None:
    count = nat().filter(pl.col("total") > 0)["iso3"].drop_nulls().n_unique()
    figure(data, "diversity.workforce_nationalities")["value"] = count
    assert run(d.workforce_nationalities, data) == []
    figure(data, "diversity.workforce_nationalities")["value"] = count + 7
    (row,) = run(d.workforce_nationalities, data)
    assert row["value_b"] == str(count) and "hold 7 distinct" in row["explanation"]


def test_annex3_missing_rows(data: dict[str, list[Row]]) -> None:
    professional = set(prof()["iso3"].drop_nulls())
    data["staff_by_nationality"] = [r for r in data["staff_by_nationality"]
                                    if r["category"] == "professional" or r["iso3"] in professional]
    assert run(d.annex3_missing_rows, data) == []
    data["staff_by_nationality"] = [r for r in data["staff_by_nationality"]
                                    if not (r["category"] == "professional" and r["iso3"] == "KEN")]
    (row,) = run(d.annex3_missing_rows, data)
    assert row["id"] == "annex3_missing_ken" and row["value_a"] == "Kenya"


def test_annex_spellings(data: dict[str, list[Row]]) -> None:
    printed = dict(nat().filter(category="general_service").select("iso3", "nationality").rows())
    for r in data["staff_by_nationality"]:
        r["nationality"] = printed.get(r["iso3"], r["nationality"])
    assert run(d.annex_spellings, data) == []
    for r in data["staff_by_nationality"]:
        if r["iso3"] == "NER" and r["category"] == "professional":
            r["nationality"] = "the Niger"
    (row,) = run(d.annex_spellings, data)
    assert row["id"] == "name_ner" and row["value_b"] == "the Niger"
