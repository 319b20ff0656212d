"""The report checked against itself.

Expected values are the figures printed in the report (paragraph or table
cited beside each); where two places disagree, the test asserts that the
disagreement is recorded in the ``discrepancies`` dataset instead.
"""

from __future__ import annotations

import itertools

import polars as pl
import pytest

import iom_annual
from iom_annual._data.registry import grade_groups
from iom_annual.metrics import round_half_up

GS, PROF = "general_service", "professional"


def _totals(category: str) -> tuple[int, int, int]:
    df = iom_annual.staff_by_nationality(category)
    return df["total"].sum(), df["female"].sum(), df["male"].sum()


def _discrepancy(id_: str) -> dict[str, object]:
    rows = iom_annual.discrepancies().filter(id=id_)
    assert rows.height == 1, f"discrepancy {id_} is not recorded"
    return rows.row(0, named=True)


@pytest.mark.parametrize("category", [GS, PROF])
def test_every_row_adds_up(category: str) -> None:
    for rec in iom_annual.staff_by_nationality(category, as_models=True):
        assert sum(rec.grades.values()) == rec.total == rec.female + rec.male


def test_annex_ii_total_row() -> None:
    # Annex II, Total row: 15 405 staff, 7 102 women, 8 303 men; per grade as printed.
    assert _totals(GS) == (15405, 7102, 8303)
    by_grade = dict(iom_annual.staff_by_grade(GS).group_by("grade").agg(pl.col("staff").sum()).rows())
    assert by_grade == {"G-1": 245, "G-1A": 5, "G-1B": 7, "G-2": 708, "G-3": 905, "G-4": 2694,
                        "G-5": 2562, "G-6": 1333, "G-7": 434, "G-8": 1, "NO-A": 823, "NO-B": 296,
                        "NO-C": 69, "NO-D": 9, "UG": 5314}


def test_annex_iii_total_row() -> None:
    # Annex III, Total row: 2 359 staff, 1 164 women, 1 195 men.
    assert _totals(PROF) == (2359, 1164, 1195)
    by_grade = dict(iom_annual.staff_by_grade(PROF).group_by("grade").agg(pl.col("staff").sum()).rows())
    assert by_grade == {"E-1": 1, "E-2": 2, "D-2": 20, "D-1": 46, "P-5": 124, "P-4": 369, "P-3": 645,
                        "P-2": 691, "P-1": 48, "UG": 413}


def test_annex_iii_per_grade_against_table_2() -> None:
    t2 = iom_annual.professional_women_by_grade().filter(year=2021)
    printed = dict(t2.select("grade", "total").rows())
    cells = dict(iom_annual.staff_by_grade(PROF).group_by("grade").agg(pl.col("staff").sum()).rows())
    groups = grade_groups()
    assert printed == {group: sum(cells[g] for g in members) for group, members in groups.items()}
    # Every Professional grade below E-2 is in exactly one group; E-1 and E-2 are in none.
    covered = [g for members in groups.values() for g in members]
    assert sorted(covered) == sorted(set(iom_annual.grades(PROF)) - {"E-1", "E-2"})
    # Table 2's counts add up to Table 1's 2021 column and to paragraph 145.
    assert t2["total"].sum() == 2356
    assert (t2["women"].sum(), t2["men"].sum()) == (1162, 1194)


def test_e_grades_explain_annex_iii_against_annex_i() -> None:
    p_total, p_f, p_m = _totals(PROF)
    e = iom_annual.staff_by_grade(PROF).filter(pl.col("grade").is_in(["E-1", "E-2"]))["staff"].sum()
    t1 = iom_annual.professional_staff_by_sex().filter(year=2021).row(0, named=True)
    assert p_total - t1["total"] == e == 3
    assert (p_f - t1["women"], p_m - t1["men"]) == (2, 1)
    for id_ in ("annex3_total_vs_table1", "annex3_women_vs_paragraph_145",
                "annex3_men_vs_paragraph_145", "annexes_2_3_vs_table4"):
        assert "E-1" in str(_discrepancy(id_)["explanation"])


def test_annexes_against_table_4() -> None:
    t4 = iom_annual.staff_headcount().filter(year=2021).row(0, named=True)
    assert t4["total"] == 17761  # paragraph 145 and Introduction, paragraph 1
    assert t4["general_service"] == _totals(GS)[0]
    assert _totals(GS)[0] + _totals(PROF)[0] == 17764
    assert _discrepancy("annexes_2_3_vs_table4")["value_a"] == "17,764"


def test_annex_i_tables_agree() -> None:
    t1 = iom_annual.professional_staff_by_sex()
    t4 = iom_annual.staff_headcount()
    joined = t1.join(t4, on="year")
    assert joined.height == 5
    assert (joined["total"] == joined["international_professional"]).all()
    assert (t1["men"] + t1["women"] == t1["total"]).all()
    assert (t4["international_professional"] + t4["general_service"] == t4["total"]).all()


def test_paragraph_145_senior_staff() -> None:
    # 190 staff at P-5, D-1 and D-2, 39 per cent women (paragraph 145 and Table 3).
    t3 = iom_annual.senior_staff_by_sex().filter(year=2021).row(0, named=True)
    assert t3["total"] == 190 and t3["women_percent"] == 39
    assert round_half_up(t3["women"] * 100 / t3["total"]) == 39
    cells = iom_annual.staff_by_grade(PROF).filter(pl.col("grade").is_in(["P-5", "D-1", "D-2"]))
    assert cells["staff"].sum() == 190


def test_table_changes_follow_printed_shares() -> None:
    t2 = iom_annual.professional_women_by_grade()
    for grade in t2["grade"].unique():
        rows = dict(t2.filter(grade=grade).select("year", "women_percent").rows())
        change = t2.filter(grade=grade, year=2021)["women_percent_change_2019_2021"].item()
        assert rows[2021] - rows[2019] == change
    t3 = iom_annual.senior_staff_by_sex().sort("year")
    shares = t3["women_percent"].to_list()
    assert t3["women_percent_change"].to_list()[1:] == [b - a for a, b in itertools.pairwise(shares)]


def test_annex_iv_against_nationality_rows() -> None:
    iv = iom_annual.nationalities_represented().filter(year=2021).row(0, named=True)
    assert (iv["total_nationalities"], iv["member_states"]) == (143, 174)
    prof = iom_annual.staff_by_nationality(PROF).filter(pl.col("total") > 0)
    members = prof.filter("member_state")
    assert members.height == iv["member_state_nationalities"] == 134
    named_others = prof.filter(~pl.col("member_state") & pl.col("iso3").is_not_null()).height
    assert named_others == 6 != iv["non_member_state_nationalities"]
    assert _discrepancy("annex4_non_member_nationalities")["value_b"] == "6"
    # paragraph 153: 143 at the Professional level, recorded against the 140 named rows
    assert _discrepancy("paragraph_153_professional_nationalities")["value_b"] == "140"


def test_member_states_block_holds_174_states() -> None:
    gs = iom_annual.staff_by_nationality(GS)
    assert gs.filter("member_state").height == 174  # paragraph 124
    assert iom_annual.staff_by_nationality(PROF).filter("member_state").height == 174


def test_paragraph_153_senior_nationalities() -> None:
    senior = (iom_annual.staff_by_grade(PROF)
              .filter(pl.col("grade").is_in(["E-1", "E-2", "D-2", "D-1", "P-5", "P-4"]),
                      pl.col("staff") > 0)["nationality"].unique())
    assert senior.len() == 98  # with 'Other' counted once, as paragraph 153 prints
    assert "Other" in senior.to_list()


def test_printed_shares_reproduce_or_are_recorded() -> None:
    from iom_annual import metrics

    over_time = metrics.women_share_over_time()
    assert over_time["agrees"].all()
    by_grade = metrics.women_share_by_grade().filter(year=2021)
    assert by_grade["agrees"].all()
    headcount = metrics.professional_share_of_headcount()
    assert headcount.filter(~pl.col("agrees"))["year"].to_list() == [2005]
    assert _discrepancy("table4_2005_percent")["value_a"] == "14%"
    iv = iom_annual.nationalities_represented()
    assert all(round_half_up(m * 100 / s) == p for m, s, p in iv.select(
        "member_state_nationalities", "member_states", "member_states_represented_percent").rows())


def test_paragraph_145_women_share_of_all_staff() -> None:
    # Paragraph 145 prints 47 per cent women among all staff; the tables give
    # the women (Table 1 for Professional, Annex II for General Service) and
    # the headcount (Table 4).
    women = (iom_annual.professional_staff_by_sex().filter(year=2021)["women"].item()
             + iom_annual.staff_by_nationality("general_service")["female"].sum())
    total = iom_annual.staff_headcount().filter(year=2021)["total"].item()
    printed = iom_annual.figure("diversity.staff_women_share_pct")
    assert printed.paragraph == 145
    assert round_half_up(women * 100 / total) == printed.value == 47


def test_discrepancies_cite_the_text(segments: dict[tuple[str, int | None], object]) -> None:
    """A value cited to a paragraph, box or the foreword occurs there."""
    import re

    from tools.report_text import normalise

    fold = str.maketrans({"’": "'", "–": "-"})
    checked = 0
    for row in iom_annual.discrepancies().iter_rows(named=True):
        for where, value in ((row["where_a"], row["value_a"]), (row["where_b"], row["value_b"])):
            m = re.fullmatch(r"(paragraph|box) (\d+)|(foreword)", where.strip().lower())
            if not m:
                continue
            key = ("foreword", None) if m.group(3) else (m.group(1), int(m.group(2)))
            text = segments[key].text.translate(fold)  # type: ignore[attr-defined]
            for part in value.split("; "):  # several values from one place
                assert normalise(part).translate(fold) in text, (row["id"], where, part)
            checked += 1
    assert checked >= 4
