"""The finance datasets (CEB statistics 2011-2024): pinned input, provenance, checks, accessors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import iom_annual
from tests.conftest import ROOT
from tools import finance
from tools.key_figures import CurationError

UPSTREAM = ROOT / "tools" / "upstream" / "ceb"
CURATED = ROOT / "tools" / "curated"
COMMIT = "052fc73dce2d369a2b8c08a0d9ebe121c4a22095"


def _pinned(name: str) -> list[dict[str, str]]:
    with (UPSTREAM / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _line_numbers(located: str) -> list[int]:
    numbers: list[int] = []
    for part in located.split(" ", 1)[1].split(", "):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


# -- the pinned input --------------------------------------------------------------------


def test_pinned_copy_reads_and_names_its_commit() -> None:
    manifest, tables = finance.read_upstream()
    assert manifest["commit"] == COMMIT
    assert set(tables) == set(manifest["files"])
    assert all(rows for rows in tables.values())


def test_a_changed_byte_in_the_pinned_copy_stops_the_build(tmp_path: Path) -> None:
    copy = tmp_path / "ceb"
    shutil.copytree(UPSTREAM, copy)
    path = copy / "expenses_fused.csv"
    path.write_bytes(path.read_bytes().replace(b"2532100079.59", b"2532100079.58"))
    with pytest.raises(finance.UpstreamError, match=r"expenses_fused\.csv: sha256"):
        finance.read_upstream(copy)


def test_a_missing_pinned_file_stops_the_build(tmp_path: Path) -> None:
    copy = tmp_path / "ceb"
    shutil.copytree(UPSTREAM, copy)
    (copy / "donors.csv").unlink()
    with pytest.raises(finance.UpstreamError, match=r"donors\.csv is missing"):
        finance.read_upstream(copy)


def test_ranges_writes_runs_of_line_numbers() -> None:
    assert finance.ranges([9, 5, 6, 7]) == "5-7, 9"
    assert finance.ranges([3]) == "3"


# -- values read by hand in the upstream files (git show 052fc73:<path>) --------------------


@pytest.mark.parametrize(("year", "code", "amount", "located"), [
    (2011, "R01", 41428265.0, "row 2962"),  # data/ceb/clean/revenue_sub_agency.csv line 2962
    (2016, "R02", 3455096.0, "row 2981"),
    (2021, "R02A", 38787545.91, "row 3018"),
    (2021, "R03E", 2128051538.0, "row 3022"),
])
def test_ceb_table_revenue_rows(year: int, code: str, amount: float, located: str) -> None:
    row = iom_annual.load("finance_revenue").filter(origin="ceb_table", year=year, type_code=code)
    assert row.select("amount", "located", "file", "commit").row(0) == (
        amount, located, "data/ceb/clean/revenue_sub_agency.csv", COMMIT)


def test_total_expenses_rows() -> None:
    totals = iom_annual.load("finance_expenses").filter(function="total")
    assert totals.filter(year=2021).select("amount", "located").row(0) == (2532100079.59, "row 693")
    assert totals.filter(year=2011)["amount"].item() == 1309709889.0


def test_the_2016_unearmarked_disagreement_is_kept_and_recorded() -> None:
    revenue = iom_annual.load("finance_revenue").filter(year=2016, group="voluntary_unearmarked")
    amounts = dict(revenue.select("origin", "amount").rows())
    assert amounts == {"ceb_table": 3455096.0, "derived": 49537223.0}
    check = iom_annual.load("finance_checks").filter(id="revenue.voluntary_unearmarked.2016")
    assert check.select("kind", "value_a", "value_b").row(0) == ("disagreement", 49537223.0, 3455096.0)


# -- provenance: every row leads back to the rows it was read from -------------------------


def test_every_ceb_table_row_is_the_sum_of_the_lines_it_names() -> None:
    by_line = {int(r["upstream_row"]): r for r in _pinned("revenue_sub_agency.csv")}
    for row in iom_annual.load("finance_revenue").filter(origin="ceb_table").iter_rows(named=True):
        lines = [by_line[n] for n in _line_numbers(row["located"])]
        assert {(int(r["calendar_year"]), r["sub_type"]) for r in lines} == {(row["year"], row["type_code"])}
        assert sum(float(r["amount"]) for r in lines) == pytest.approx(row["amount"], abs=0.01)
    assert sum(len(_line_numbers(located)) for located in iom_annual.load("finance_revenue")
               .filter(origin="ceb_table")["located"]) == len(by_line)  # every pinned line used once


def test_every_function_row_is_the_sum_of_the_lines_it_names() -> None:
    by_line = {int(r["upstream_row"]): r for r in _pinned("expenses_sub_agency.csv")}
    functions = iom_annual.load("finance_expenses").filter(origin="ceb_table")
    for row in functions.iter_rows(named=True):
        lines = [by_line[n] for n in _line_numbers(row["located"])]
        assert {(int(r["calendar_year"]), r["transaction_type"]) for r in lines} == {
            (row["year"], row["function_name"])}
        assert sum(float(r["amount"]) for r in lines) == pytest.approx(row["amount"], abs=0.01)


def test_derived_rows_name_their_json_key_and_file() -> None:
    pinned = {(int(r["year"]), r["key"]): float(r["amount"]) for r in _pinned("entity_revenue.csv")}
    derived = iom_annual.load("finance_revenue").filter(origin="derived")
    assert derived.height > 0
    for row in derived.iter_rows(named=True):
        # The files' float noise (40611197.660000086) is rounded to the cent.
        assert pinned[(row["year"], row["located"])] == pytest.approx(row["amount"], abs=0.005)
        assert row["file"] == f"public/data/entity-revenue-{row['year']}.json"
    donors = iom_annual.load("finance_donors")
    for row in donors.head(50).iter_rows(named=True):
        assert pinned[(row["year"], row["located"] + ".total")] == pytest.approx(row["total"], abs=0.005)


def test_country_rows_name_their_json_key() -> None:
    pinned = {(int(r["year"]), r["key"]): (r["iso3"], float(r["amount"]))
              for r in _pinned("country_expenses.csv")}
    for row in iom_annual.load("finance_by_country").iter_rows(named=True):
        iso3, amount = pinned[(row["year"], row["located"])]
        assert iso3 == row["iso3"]
        assert amount == pytest.approx(row["amount"], abs=0.005)


# -- what is shipped, and what is left out ------------------------------------------------


def test_years_of_each_series() -> None:
    revenue = iom_annual.load("finance_revenue")
    assert sorted(set(revenue.filter(origin="ceb_table")["year"])) == list(range(2011, 2025))
    assert sorted(set(revenue.filter(origin="derived")["year"])) == list(range(2013, 2025))
    assert sorted(set(iom_annual.load("finance_expenses")["year"])) == list(range(2011, 2025))
    assert sorted(set(iom_annual.load("finance_donors")["year"])) == list(range(2013, 2025))
    assert sorted(set(iom_annual.load("finance_by_country")["year"])) == list(range(2016, 2025))


def test_coarse_codes_before_2018_and_fine_codes_after() -> None:
    table = iom_annual.load("finance_revenue").filter(origin="ceb_table")
    assert set(table.filter(pl.col("year") < 2017)["type_code"]) == {"R01", "R02", "R03", "R04"}
    assert table.filter(year=2017, type_code="R03A")["amount"].item() == 0.0  # the one finer code of 2017
    assert "R03E" in set(table.filter(year=2018)["type_code"])


def test_country_years_left_out_are_recorded_with_the_reason() -> None:
    checks = iom_annual.load("finance_checks").filter(series="expenses.by_country")
    assert dict(checks.select("year", "kind").rows()) == {2013: "missing", 2014: "missing", 2015: "left_out"}
    left = checks.filter(year=2015).row(0, named=True)
    assert "Canada" in left["note"] and left["value_a"] == 459326617.0 + 75492148.0


def test_functions_add_up_to_the_total_every_year() -> None:
    expenses = iom_annual.load("finance_expenses")
    parts = expenses.filter(pl.col("function") != "total").group_by("year").agg(pl.col("amount").sum())
    joined = expenses.filter(function="total").join(parts, on="year", suffix="_parts")
    assert joined.height == 14
    assert ((joined["amount"] - joined["amount_parts"]).abs() < 0.01).all()
    assert iom_annual.load("finance_checks").filter(series="expenses.total").height == 0


def test_countries_join_the_countries_table_except_the_six_named() -> None:
    rows = iom_annual.load("finance_by_country")
    outside = set(rows.join(iom_annual.countries(), on="iso3", how="anti")["iso3"])
    assert outside == {"ABW", "ARE", "CUW", "HKG", "PSE", "XKX"}
    for code in outside:
        assert code in iom_annual.dataset("finance_by_country").description


# -- donors: ISO3 codes checked against the upstream's own country codes ------------------

# The governments whose names do not occur in the upstream country files, coded by hand.
_HAND_CODED = {
    "Venezuela, Bolivarian Republic of": "VEN", "United Republic of Tanzania": "TZA", "San Marino": "SMR",
    "Viet Nam": "VNM", "Côte D'Ivoire": "CIV", "Republic of Korea": "KOR",
    "Democratic Republic of the Congo": "COD", "Congo": "COG", "Micronesia, Federated States of": "FSM",
    "Seychelles": "SYC", "Lao People's Democratic Republic": "LAO", "Republic of Moldova": "MDA",
    "Iran, Islamic Republic of": "IRN", "Saint Kitts and Nevis": "KNA", "Russian Federation": "RUS",
    "Antigua and Barbuda": "ATG", "United States of America": "USA",
    "Saint Vincent and the Grenadines": "VCT",
    "Liechtenstein": "LIE", "Holy See": "VAT", "Saint Lucia": "LCA", "Bolivia, Plurinational State of": "BOL",
    "Cook Islands": "COK", "United Kingdom of Great Britain and Northern Ireland": "GBR",
}


def test_government_donors_have_the_code_the_upstream_gives_their_name() -> None:
    upstream = {r["name"]: r["iso3"] for r in _pinned("country_expenses.csv")}
    governments = iom_annual.load("finance_donors").filter(donor_type="Government")
    coded = dict(governments.select("donor", "iso3").unique().rows())
    assert len(coded) == 184
    for donor, code in coded.items():
        assert code == upstream.get(donor, _HAND_CODED.get(donor)), donor


def test_other_donors_keep_their_type_and_no_code() -> None:
    others = iom_annual.load("finance_donors").filter(pl.col("donor_type") != "Government")
    assert others["iso3"].null_count() == others.height
    assert {"European Union", "Multilateral - UN Orgs", "Foundations"} <= set(others["donor_type"])


def test_listed_donors_fall_short_of_the_total_and_say_so() -> None:
    coverage = iom_annual.load("finance_checks").filter(kind="coverage")
    assert sorted(coverage["year"]) == list(range(2013, 2025))
    assert (coverage["value_a"] < coverage["value_b"]).all()


# -- the report's 2021 figures --------------------------------------------------------------


def test_every_finance_figure_is_held_against_the_series() -> None:
    finance_ids = set(iom_annual.key_figures("finance")["id"])
    report = iom_annual.load("finance_report")
    assert set(report["figure_id"]) == finance_ids
    assert report.filter(agreement="not_comparable")["note"].null_count() == 0


# Each of the report's finance figures against the CEB's 2021 values, judged by hand:
# 2,549.5 million and 2,549,484,556.55; 17 per cent and 16.80; "less than 2 per cent"
# and 2.36; 2,532.1 million and 2,532,100,079.59; 16 per cent and 16.26; a budget is no
# series value; 38.8 million and 38,787,545.91; 15 donors and the same 15.
JUDGED = {
    "finance.total_revenue": "agrees",
    "finance.total_revenue_foreword": "agrees",
    "finance.total_revenue_change_from_2020_pct": "agrees",
    "finance.total_revenue_change_from_2020_pct_foreword": "agrees",
    "finance.assessed_contributions_share_of_revenue_pct": "differs",
    "finance.total_expenditure": "agrees",
    "finance.total_expenditure_change_from_2020_pct": "agrees",
    "finance.budget_intro": "not_comparable",
    "finance.unearmarked_voluntary_contributions": "agrees",
    "finance.unearmarked_contribution_donors": "agrees",
}


def test_report_rows_carry_the_figures_and_the_marks_judged_by_hand() -> None:
    figures = iom_annual.key_figures("finance").select("id", "value", "as_printed")
    report = iom_annual.load("finance_report").join(figures, left_on="figure_id", right_on="id")
    for row in report.iter_rows(named=True):
        assert (row["report_value"], row["as_printed"]) == (row["value"], row["as_printed_right"])
    assert dict(report.select("figure_id", "agreement").rows()) == JUDGED


def test_the_2021_series_matches_paragraph_122() -> None:
    by_id = dict(iom_annual.load("finance_report").select("figure_id", "agreement").rows())
    assert by_id["finance.total_revenue"] == by_id["finance.total_expenditure"] == "agrees"
    assert by_id["finance.assessed_contributions_share_of_revenue_pct"] == "differs"
    assert by_id["finance.budget_intro"] == "not_comparable"


def test_a_wrong_agreement_stops_the_build(tmp_path: Path) -> None:
    text = (CURATED / "finance_report.csv").read_text(encoding="utf-8")
    (tmp_path / "finance_report.csv").write_text(
        text.replace("assessed_share_pct,2021,differs", "assessed_share_pct,2021,agrees"), encoding="utf-8")
    figures = iom_annual.key_figures().to_dicts()
    codes = dict(iom_annual.load("finance_donors").select("donor", "iso3").unique().rows())
    with pytest.raises(CurationError, match="rounding rule says differs"):
        finance.build(tmp_path, figures, codes.get)


def test_a_finance_figure_without_a_row_stops_the_build(tmp_path: Path) -> None:
    lines = (CURATED / "finance_report.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "finance_report.csv").write_text(
        "".join(line for line in lines if not line.startswith("finance.budget_intro,")), encoding="utf-8")
    figures = iom_annual.key_figures().to_dicts()
    codes = dict(iom_annual.load("finance_donors").select("donor", "iso3").unique().rows())
    with pytest.raises(CurationError, match=r"finance\.budget_intro"):
        finance.build(tmp_path, figures, codes.get)


# -- accessors ----------------------------------------------------------------------------


def test_finance_by_year() -> None:
    by_year = iom_annual.finance_by_year()
    assert by_year["year"].to_list() == list(range(2011, 2025))
    groups = by_year.select(pl.sum_horizontal("assessed", "voluntary_unearmarked", "voluntary_earmarked",
                                              "other")).to_series()
    assert ((groups - by_year["revenue"]).abs() < 0.01).all()
    assert by_year.filter(pl.col("year") < 2013)["revenue_derived"].null_count() == 2
    row = by_year.filter(year=2021).row(0, named=True)
    assert round(row["revenue"] / 1e5) == 25495 and round(row["expenses"] / 1e5) == 25321
    assert row["voluntary_unearmarked"] == 38787545.91


@pytest.mark.parametrize(("bad", "nearest"), [(2012, "2013"), (2025, "2024"), (1990, "2013")])
def test_finance_donors_refuses_a_year_it_does_not_cover(bad: int, nearest: str) -> None:
    with pytest.raises(iom_annual.UnknownYearError, match="unknown year") as info:
        iom_annual.finance_donors(bad)
    assert info.value.options == tuple(str(y) for y in range(2013, 2025))
    assert info.value.suggestions == (nearest,)  # the nearest year, not years spelt alike


@pytest.mark.parametrize("bad", ["2021", 2021.0, True])
def test_finance_donors_year_of_a_wrong_type_is_a_type_error(bad: object) -> None:
    # Issue 18: a wrong type is a TypeError, not close matches ("did you mean '2021'?").
    with pytest.raises(TypeError, match="year must be an int"):
        iom_annual.finance_donors(bad)  # type: ignore[arg-type]


def test_finance_donors_without_a_year_is_every_year() -> None:
    assert iom_annual.finance_donors(None).height == iom_annual.load("finance_donors").height
    assert iom_annual.finance_donors(np.int64(2021)).equals(iom_annual.finance_donors(2021))


def test_finance_by_country_of_a_year() -> None:
    assert iom_annual.finance_by_country(2021)["year"].unique().to_list() == [2021]
    with pytest.raises(iom_annual.UnknownYearError):
        iom_annual.finance_by_country(2015)


def test_accessors_return_fresh_frames() -> None:
    first = iom_annual.finance_donors()
    first.drop_in_place("donor")
    assert "donor" in iom_annual.finance_donors().columns


# -- verify ---------------------------------------------------------------------------------


def test_verify_checks_the_finance_files_and_their_sums(tmp_path: Path) -> None:
    from importlib import resources

    names = {c.name for c in iom_annual.verify().checks}
    for meta in iom_annual.datasets():
        if meta.name.startswith("finance_"):
            assert f"sha256 {meta.file}" in names
    data = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("iom_annual") / "data")), data)
    path = data / "finance_expenses.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(",2532100079.59,") == 1
    path.write_text(text.replace(",2532100079.59,", ",2532100079.69,"), encoding="utf-8")
    failed = {c.name for c in iom_annual.verify(data).failures}
    assert failed == {"sha256 finance_expenses.csv", "finance: expenses by function add up to total expenses"}


def test_the_unearmarked_donors_of_2021_are_paragraph_123s() -> None:
    derived = iom_annual.finance_donors(2021).filter(pl.col("voluntary_unearmarked") > 0)
    named = iom_annual.load("unearmarked_contributions")  # the 15 donors paragraph 123 names
    assert sorted(derived["iso3"]) == sorted(named["iso3"])
    assert derived["voluntary_unearmarked"].sum() == pytest.approx(38787545.91, abs=0.01)


# -- the command line -------------------------------------------------------------------------


def test_cli_finance_prints_every_year(capsys: pytest.CaptureFixture[str]) -> None:
    from iom_annual.cli import main

    assert main(["finance"]) == 0
    out = capsys.readouterr().out
    assert "14 of 14 rows" in out
    assert "2,549.5" in out and "2,532.1" in out


def test_cli_finance_donors_and_countries(capsys: pytest.CaptureFixture[str]) -> None:
    from iom_annual.cli import main

    assert main(["finance", "--donors", "2021", "--head", "2"]) == 0
    out = capsys.readouterr().out
    assert "United States of America" in out and "681.6" in out and "2 of 183 rows" in out
    assert main(["finance", "--countries", "2021", "--head", "1"]) == 0
    assert "Greece" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--donors", "2012"], "unknown year 2012"),
    (["--countries", "2015"], "no year 2015: IOM's expenses by country in 2015 are left out"),
    (["--donors", "2021", "--countries", "2021"], "cannot be used together"),
])
def test_cli_finance_bad_year_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str], args: list[str],
                                                       message: str) -> None:
    from iom_annual.cli import main

    assert main(["finance", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_finance_datasets_cite_the_ceb_not_the_report() -> None:
    import json
    from importlib import resources

    package = json.loads((resources.files("iom_annual") / "data" / "datapackage.json").read_text("utf-8"))
    sources = {r["name"]: r["sources"][0]["title"] for r in package["resources"]}
    for meta in iom_annual.datasets():
        if meta.name.startswith("finance_") and meta.name != "finance_report":
            assert meta.citation.startswith("UN System Chief Executives Board (CEB)"), meta.name
            assert "C/113" not in meta.citation and "no licence file" in meta.citation
            assert sources[meta.name] == meta.citation
    report = iom_annual.dataset("finance_report")
    assert report.citation.startswith("International Organization for Migration")


@pytest.mark.parametrize(("year", "why"), [(2015, "left out"), (2013, "no row for IOM")])
def test_a_year_left_out_says_why(year: int, why: str) -> None:
    # finance_checks records why a year of expenses by country is missing: the error says so.
    with pytest.raises(iom_annual.UnknownYearError) as caught:
        iom_annual.finance_by_country(year)
    assert why in str(caught.value) and "finance_checks" in str(caught.value)
    assert caught.value.reason is not None and "2016" in caught.value.options
    with pytest.raises(iom_annual.UnknownYearError) as other:
        iom_annual.finance_by_country(1990)  # a year nobody has: no reason, close matches as before
    assert other.value.reason is None
