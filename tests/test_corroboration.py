"""The corroboration dataset: integrity, the agreement rule, and its accessor."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

import iom_annual
from tools.corroboration import (
    CURATED_COLUMNS,
    evaluate,
    expected_agreement,
    printed_step,
    vocabulary,
)
from tools.key_figures import CurationError

CURATED = Path(__file__).resolve().parent.parent / "tools" / "curated"


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    return iom_annual.corroboration()


@pytest.fixture(scope="module")
def joined(rows: pl.DataFrame) -> pl.DataFrame:
    figures = iom_annual.key_figures().select("id", "value", "unit", "qualifier", "as_printed")
    return rows.join(figures, left_on="figure_id", right_on="id", how="left")


def test_every_figure_id_resolves(joined: pl.DataFrame) -> None:
    assert joined.filter(pl.col("value").is_null())["figure_id"].to_list() == []


@pytest.mark.parametrize(("name", "expected"), [
    ("agreement", ("agrees", "differs", "not_comparable")),
    ("copy", ("own", "mirror", "republication")),
])
def test_vocabularies_are_the_registry_ones_and_all_used(rows: pl.DataFrame, name: str,
                                                         expected: tuple[str, ...]) -> None:
    (column,) = [c for c in iom_annual.dataset("corroboration").columns if c.name == name]
    assert column.allowed_values == expected == vocabulary(name)
    assert set(rows[name]) == set(expected)  # each kind is used at least once


def test_independence_is_a_boolean_and_iom_is_never_independent_of_itself(rows: pl.DataFrame) -> None:
    assert rows.schema["independent_of_iom"] == pl.Boolean
    assert set(rows["independent_of_iom"]) == {True, False}
    iom = rows.filter(pl.col("publisher").str.contains(r"^IOM\b|Network on Migration"))
    assert iom.height >= 15
    assert not iom["independent_of_iom"].any()
    # the CEB publishes the accounts IOM reports to it: a check of transcription, not of the accounts
    assert not rows.filter(pl.col("publisher").str.contains("CEB"))["independent_of_iom"].any()


def test_copy_kinds_match_where_the_copy_was_read(rows: pl.DataFrame) -> None:
    for r in rows.iter_rows(named=True):
        if r["url"].startswith("https://github.com/"):
            assert r["copy"] == "mirror", r["id"]  # a repository keeping the publisher's data files
        if r["copy"] == "republication":
            # a republication is not the publisher's site: its source names who wrote it
            assert r["publisher"].split(" ")[0].strip(",") not in r["url"], r["id"]
        assert r["publisher"].strip() and r["publisher"] not in ("", r["source"]), r["id"]


def test_every_restatement_points_at_a_counted_comparison_of_the_same_figure(joined: pl.DataFrame) -> None:
    by_id = {r["id"]: r for r in joined.iter_rows(named=True)}
    restating = [r for r in by_id.values() if r["restates"] is not None]
    assert len(restating) >= 7  # the VHR copy, the foreword's revenue, growth and IDPs, members, ...
    for r in restating:
        target = by_id[r["restates"]]
        assert target["restates"] is None, r["id"]
        assert target["publisher"] == r["publisher"], r["id"]
        if target["figure_id"] != r["figure_id"]:
            # the same outside value against a figure that prints the same value to its own precision
            assert target["outside_value"] == r["outside_value"]
            assert target["outside_unit"] == r["outside_unit"]
            assert r["unit"] == target["unit"]
            rounded = expected_agreement(r["value"], r["as_printed"], "exact", target["value"])
            assert rounded == "agrees", r["id"]


def test_one_counted_comparison_per_fact(rows: pl.DataFrame) -> None:
    counted = rows.filter(pl.col("restates").is_null())
    judged = counted.filter(pl.col("agreement") != "not_comparable")
    # no publisher's value is held twice against the report, and no figure is compared twice
    assert judged.select("publisher", "outside_value", "outside_unit").is_duplicated().sum() == 0
    assert counted["figure_id"].is_duplicated().sum() == 0
    assert rows["id"].is_unique().all()


@pytest.mark.parametrize(("figure_id", "kept", "restating"), [
    ("assisted_voluntary_return.vhr_migrants_returned", "iom-rr2021-vhr", "iom-rr2021-vhr-le-national"),
    ("finance.total_revenue_foreword", "ceb-revenue-2021", "ceb-revenue-2021-foreword"),
    ("finance.total_revenue_change_from_2020_pct_foreword", "ceb-revenue-growth",
     "ceb-revenue-growth-foreword"),
    ("crisis_response.idps_worldwide_foreword", "idmc-idps-2021", "idmc-idps-2021-foreword"),
    ("membership.member_states_intro", "iom-member-states", "iom-member-states-intro"),
])
def test_the_double_counted_facts_of_issue_17_are_counted_once(
        rows: pl.DataFrame, figure_id: str, kept: str, restating: str) -> None:
    row = rows.filter(id=restating)
    assert row["figure_id"].item() == figure_id and row["restates"].item() == kept
    assert rows.filter(id=kept)["restates"].item() is None


def test_disaster_displacements_are_judged_not_set_aside(rows: pl.DataFrame) -> None:
    # IDMC counts displacements; the foreword's 23.7 million is that count, so both copies are judged
    disaster = rows.filter(figure_id="climate_migration.disaster_displacements_worldwide")
    disaster = disaster.sort("outside_value")
    assert disaster.select("outside_value", "agreement").rows() == [(23.6e6, "differs"), (23.7e6, "agrees")]
    assert set(disaster["outside_unit"]) == {"displacements"}
    assert disaster["restates"].null_count() == 1


def test_ctdc_rows_read_the_2021_release(rows: pl.DataFrame) -> None:
    ctdc = rows.filter(pl.col("figure_id").str.starts_with("counter_trafficking.ctdc_synthetic"))
    assert ctdc.height == 2
    assert set(ctdc["agreement"]) == {"agrees"}
    assert not ctdc["note"].str.contains("2024 release").any()
    assert set(ctdc["outside_value"]) == {156000.0, 189.0}


def test_report_value_is_the_figures_value(joined: pl.DataFrame) -> None:
    wrong = joined.filter((pl.col("report_value") != pl.col("value"))
                          | (pl.col("report_unit") != pl.col("unit")))
    assert wrong["figure_id"].to_list() == []


def test_agrees_and_differs_follow_the_rounding_rule(joined: pl.DataFrame) -> None:
    judged = joined.filter(pl.col("agreement") != "not_comparable")
    assert judged.height >= 25
    for r in judged.iter_rows(named=True):
        rule = expected_agreement(r["value"], r["as_printed"], r["qualifier"], r["outside_value"])
        assert rule == r["agreement"], r["figure_id"]


@pytest.mark.parametrize(("as_printed", "step"), [
    ("2,549.5 million", 100_000), ("2.5 billion", 100_000_000), ("49,795", 1), ("17 per cent", 1),
    ("3.6%", 0.1), ("59.1 million", 100_000), ("Forty-six", 1), ("one", 1), ("281 million", 1_000_000),
])
def test_printed_step(as_printed: str, step: float) -> None:
    assert float(printed_step(as_printed)) == pytest.approx(step)


@pytest.mark.parametrize(("value", "as_printed", "qualifier", "outside", "expected"), [
    (75000, "75,000", "lower_bound", 75481, "agrees"),          # "over 75,000"
    (75000, "75,000", "lower_bound", 74990, "differs"),
    (2549500000, "2,549.5 million", "exact", 2549484556.56, "agrees"),
    (2549500000, "2,549.5 million", "exact", 2549440000, "differs"),
    (2500000000, "2.5 billion", "exact", 2450000000, "agrees"),  # half rounds up
    (2500000000, "2.5 billion", "exact", 2449999999, "differs"),
    (6376, "6,376", "exact", 6367, "differs"),
    (2, "2 per cent", "upper_bound", 2.36, "differs"),          # "less than 2 per cent"
    (2, "2 per cent", "upper_bound", 1.9, "agrees"),
    (281000000, "281 million", "approximate", 280600000, "agrees"),
    (9, "9%", "exact", 8.9286, "agrees"),
    (44, "44%", "exact", 44.5, "differs"),
])
def test_rule(value: float, as_printed: str, qualifier: str, outside: float, expected: str) -> None:
    assert expected_agreement(value, as_printed, qualifier, outside) == expected


def test_computed_values_are_the_arithmetic_on_printed_numbers(rows: pl.DataFrame) -> None:
    computed = rows.filter(pl.col("computed_as").is_not_null())
    assert computed.height >= 5
    for r in computed.iter_rows(named=True):
        assert r["outside_value"] == pytest.approx(evaluate(r["computed_as"]), abs=1e-4)
        printed = r["outside_as_printed"].replace(",", "")
        for number in re.findall(r"\d+(?:\.\d+)?", r["computed_as"]):
            if number not in ("1", "100"):  # the constants of a share or a change
                assert number in printed, (r["figure_id"], number)


def test_read_values_match_the_number_as_printed(rows: pl.DataFrame) -> None:
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
    read = rows.filter(pl.col("computed_as").is_null())
    for r in read.iter_rows(named=True):
        match = re.match(r"([\d,]+(?:\.\d+)?)(?:\s+(thousand|million|billion))?", r["outside_as_printed"])
        assert match, r["figure_id"]
        number = float(match.group(1).replace(",", "")) * scale.get(match.group(2) or "", 1)
        assert number == pytest.approx(r["outside_value"]), r["figure_id"]


def test_urls_sources_and_dates(rows: pl.DataFrame) -> None:
    for r in rows.iter_rows(named=True):
        assert r["url"].startswith("https://") and len(r["url"]) > len("https://x.y"), r["figure_id"]
        assert r["source"].strip() and r["located"].strip() and r["note"].strip(), r["figure_id"]
        if r["url"].startswith("https://github.com/"):
            # a repository file is cited at the commit that was read
            assert re.search(r"/(blob|tree)/[0-9a-f]{40}/", r["url"]), r["url"]
        if r["published"] is not None:
            date.fromisoformat(r["published"])


def test_links_to_discrepancies_exist(rows: pl.DataFrame) -> None:
    linked = set(rows["discrepancy"].drop_nulls())
    assert linked  # the return figures of paragraph 56 are linked
    assert linked <= set(iom_annual.discrepancies()["id"])


def test_at_least_twenty_figures_are_compared(rows: pl.DataFrame) -> None:
    assert rows["figure_id"].n_unique() >= 20
    assert rows.filter(agreement="agrees")["figure_id"].n_unique() >= 20


def test_accessor_filters_and_hands_out_copies() -> None:
    vhr = iom_annual.corroboration("assisted_voluntary_return.vhr_migrants_returned")
    assert set(vhr["outside_value"]) == {6367.0}
    assert set(vhr["report_value"]) == {6376.0}
    vhr.clear()
    # two copies of IOM's text, one restating the other
    assert iom_annual.corroboration("assisted_voluntary_return.vhr_migrants_returned").height == 2
    # a real figure that no outside source publishes has no comparison: an empty frame
    assert iom_annual.corroboration("wash.people_supported").height == 0


def test_unknown_figure_ids_name_close_matches() -> None:
    with pytest.raises(iom_annual.UnknownMetricError, match="total_revenue"):
        iom_annual.corroboration("finance.total_revenu")
    with pytest.raises(iom_annual.UnknownThemeError, match="finance"):
        iom_annual.corroboration("financ.total_revenue")
    with pytest.raises(iom_annual.IomAnnualError):
        iom_annual.corroboration(42)  # type: ignore[arg-type]


def _curated_with(tmp_path: Path, **changes: str) -> Path:
    with (CURATED / "corroboration.csv").open(encoding="utf-8", newline="") as fh:
        curated = list(csv.DictReader(fh))
    curated[0].update(changes)
    with (tmp_path / "corroboration.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CURATED_COLUMNS)
        writer.writeheader()
        writer.writerows(curated)
    return tmp_path


@pytest.mark.parametrize(("change", "message"), [
    ({"figure_id": "finance.total_revenu"}, "no such figure"),
    ({"agreement": "agree"}, "not one of"),
    ({"agreement": "differs"}, "rounding rule says agrees"),
    ({"outside_value": "2549600000"}, "rounding rule says differs"),
    ({"discrepancy": "no_such_discrepancy"}, "no discrepancy"),
    ({"url": "http://example.org"}, "https"),
    ({"computed_as": "1 + 1"}, "exactly one of"),
    ({"copy": "copy"}, "copy 'copy' is not one of"),
    ({"independent_of_iom": "yes"}, "independent_of_iom 'yes' is not one of"),
    ({"publisher": " "}, "name the publisher"),
    ({"id": "Revenue 2021"}, "lower-case"),
    ({"id": "ceb-revenue-growth"}, "id used twice"),
    ({"restates": "no-such-row"}, "no such row"),
    ({"restates": "ceb-revenue-2021"}, "itself a restatement"),
    ({"restates": "iom-rr2021-returns"}, "another publisher"),
    ({"restates": "ceb-expenses-2021"}, "not the same outside value"),
    ({"outside_value": "", "computed_as": "__import__('os')"}, "only numbers"),
])
def test_build_rejects_bad_rows(tmp_path: Path, change: dict[str, str], message: str) -> None:
    from tools.corroboration import corroboration

    figures = iom_annual.key_figures().to_dicts()
    discrepancies = iom_annual.discrepancies()["id"].to_list()
    assert corroboration(CURATED, figures, discrepancies)  # the real file passes
    with pytest.raises(CurationError, match=message):
        corroboration(_curated_with(tmp_path, **change), figures, discrepancies)


def test_unearmarked_donors_are_the_reports_and_add_up(
        segments: dict[tuple[str, int | None], object]) -> None:
    donors = iom_annual.load("unearmarked_contributions")
    paragraph = segments[("paragraph", 123)].text  # type: ignore[attr-defined]
    named = re.search(r"15 donors \(([^)]*)\)", paragraph)
    assert named is not None
    assert sorted(donors["name_in_report"]) == sorted(n.strip() for n in named.group(1).split(","))
    count = iom_annual.key_figures().filter(id="finance.unearmarked_contribution_donors")["value"].item()
    assert donors.height == count
    assert donors["iso3"].null_count() == 0
    # the per-donor amounts add up, to the cent, to the CEB total compared with paragraph 123
    (total,) = iom_annual.corroboration("finance.unearmarked_voluntary_contributions")["outside_value"]
    assert round(donors["amount"].sum(), 2) == total


def test_readme_counts_are_the_datas() -> None:
    # The README's sentence is typed by hand; this holds each number to the data.
    readme = (CURATED.parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("- A `corroboration` dataset:")
    text = " ".join(readme[start:readme.index("\n- ", start + 1)].split())
    rows = iom_annual.corroboration()
    counted = rows.filter(pl.col("restates").is_null())

    def n(column: str, value: object) -> int:
        return counted.filter(pl.col(column) == value).height

    expected = [
        (r"(\d+) comparisons of the report's figures", counted.height),
        (r"(\d+) the publisher's own", n("copy", "own")),
        (r"(\d+) mirrors", n("copy", "mirror")),
        (r"(\d+) republications", n("copy", "republication")),
        (r"(\d+) from publishers independent of IOM", n("independent_of_iom", True)),
        (r"independent of IOM and (\d+) not", n("independent_of_iom", False)),
        (r"(\d+) agree,", n("agreement", "agrees")),
        (r"(\d+) differ ", n("agreement", "differs")),
        (r"(\d+) are not comparable", n("agreement", "not_comparable")),
        (r"(\d+) more copies that repeat", rows.height - counted.height),
    ]
    for pattern, count in expected:
        match = re.search(pattern, text)
        assert match is not None, pattern
        assert int(match.group(1)) == count, (pattern, count)
