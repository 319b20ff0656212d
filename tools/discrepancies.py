"""Find where the report disagrees with itself.

Two sources feed the bundled ``discrepancies`` dataset:

* :func:`computed_discrepancies` re-derives every printed share, change and
  total of the staff annexes from the rebuilt rows and records each mismatch,
  with the printed figures of the narrative that the annexes can be held
  against (paragraphs 145 and 153);
* :func:`curated_discrepancies` reads the contradictions found by reading the
  narrative (``tools/curated/discrepancies_*.csv``).

A value cited to a paragraph, box or the foreword is checked against the
source text by the test suite, so the figures written here stay honest.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from pathlib import Path

Row = dict[str, Any]
COLUMNS = ("id", "kind", "what", "where_a", "value_a", "where_b", "value_b", "explanation")

# Annex III counts the Director General (E-1) and the two Deputy Directors
# General (E-2); Annex I and paragraph 145 leave those three out.
_E_GRADES_NOTE = (
    "Annex III includes the Director General (E-1: 1) and the two Deputy Directors General "
    "(E-2: 2), which Annex I and paragraph 145 leave out; paragraph 3 names both new Deputy "
    "Directors General as women, which accounts for 2 women and 1 man."
)


def percent(part: int, whole: int) -> int:
    """Whole per cent, rounded half up as the report does."""
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def n(value: int) -> str:
    return f"{value:,}"


def record(id_: str, kind: str, what: str, where_a: str, value_a: str, where_b: str,
           value_b: str, explanation: str = "") -> Row:
    return dict(zip(COLUMNS, (id_, kind, what, where_a, value_a, where_b, value_b, explanation),
                    strict=True))


def _sums(rows: Sequence[Row], category: str) -> tuple[int, int, int]:
    own = [r for r in rows if r["category"] == category]
    return (sum(r["total"] for r in own), sum(r["female"] for r in own),
            sum(r["male"] for r in own))


def _grade_sum(rows: Sequence[Row], category: str, grades: Sequence[str]) -> int:
    return sum(r["staff"] for r in rows if r["category"] == category and r["grade"] in grades)


def computed_discrepancies(data: Mapping[str, list[Row]]) -> Iterator[Row]:
    """Mismatches between the annexes, and between the annexes and the narrative.

    The narrative's figures are read from the curated ``key_figures`` rows
    (each checked against its paragraph by the tests), never written here.
    """
    figures = {r["id"]: r for r in data["key_figures"]}

    def text(figure_id: str) -> tuple[str, str, int]:
        """Where the report prints a figure, the token as printed, and its value."""
        r = figures[figure_id]
        where = {"paragraph": f"paragraph {r['paragraph']}", "box": f"Box {r['box']}",
                 "foreword": "Foreword"}[r["location"]]
        return where, r["as_printed"], int(r["value"])

    by_nat = data["staff_by_nationality"]
    by_grade = data["staff_by_grade"]
    t1 = {r["year"]: r for r in data["professional_staff_by_sex"]}
    t4 = {r["year"]: r for r in data["staff_headcount"]}
    iv = {r["year"]: r for r in data["nationalities_represented"]}
    p_total, p_f, p_m = _sums(by_nat, "professional")
    g_total, _, _ = _sums(by_nat, "general_service")
    e_staff = _grade_sum(by_grade, "professional", ("E-1", "E-2"))

    if p_total != t1[2021]["total"]:
        yield record("annex3_total_vs_table1", "coverage",
                     "Professional and higher staff: Annex III total against Annex I, Table 1 (2021)",
                     "Annex III, Total row", n(p_total), "Annex I, Table 1 (2021)",
                     n(t1[2021]["total"]),
                     _E_GRADES_NOTE if p_total - t1[2021]["total"] == e_staff else "")
    for label, annex_value, figure_id in (("women", p_f, "human_resources.professional_staff_women"),
                                          ("men", p_m, "human_resources.professional_staff_men")):
        where, printed, value = text(figure_id)
        if annex_value != value:
            yield record(f"annex3_{label}_vs_{where.replace(' ', '_')}", "coverage",
                         f"Professional {label}: Annex III total against {where}",
                         "Annex III, Total row", n(annex_value), where, printed, _E_GRADES_NOTE)
    combined = g_total + p_total
    if combined != t4[2021]["total"]:
        yield record("annexes_2_3_vs_table4", "coverage",
                     "All staff: Annex II plus Annex III against Annex I, Table 4 (2021)",
                     "Annexes II and III, Total rows", n(combined), "Annex I, Table 4 (2021)",
                     n(t4[2021]["total"]),
                     _E_GRADES_NOTE if combined - t4[2021]["total"] == e_staff else "")

    growth = Decimal(t4[2021]["total"]) * 100 / Decimal(t4[2020]["total"]) - 100
    where, printed, value = text("human_resources.staff_change_pct_foreword")
    if percent(t4[2021]["total"] - t4[2020]["total"], t4[2020]["total"]) != value:
        yield record("foreword_staff_growth", "rounding",
                     "Growth of the headcount from the end of 2020 to the end of 2021",
                     where, printed, "Annex I, Table 4 (2020 and 2021)", f"{growth:.1f}%",
                     "Paragraph 145 words the same growth as nearly 10 per cent.")
    for table, rows, part, whole, printed in (
        ("Annex I, Table 1", data["professional_staff_by_sex"], "women", "total", "women_percent"),
        ("Annex I, Table 3", data["senior_staff_by_sex"], "women", "total", "women_percent"),
        ("Annex I, Table 4", data["staff_headcount"], "international_professional", "total",
         "professional_percent"),
    ):
        for r in rows:
            computed = percent(r[part], r[whole])
            if computed != r[printed]:
                exact = Decimal(r[part]) * 100 / Decimal(r[whole])
                yield record(f"{table[-7:].lower().replace(' ', '')}_{r['year']}_percent", "rounding",
                             f"Printed share against the counts printed beside it ({r['year']})",
                             f"{table} ({r['year']}), printed share", f"{r[printed]}%",
                             f"{table} ({r['year']}), {n(r[part])} / {n(r[whole])}",
                             f"{exact:.1f}%")
    for r in data["nationalities_represented"]:
        computed = percent(r["member_state_nationalities"], r["member_states"])
        if computed != r["member_states_represented_percent"]:
            yield record(f"annex4_{r['year']}_percent", "rounding",
                         f"Share of Member States represented against its counts ({r['year']})",
                         f"Annex IV ({r['year']})", f"{r['member_states_represented_percent']}%",
                         "Annex IV counts", f"{computed}%")

    prof_named = [r for r in by_nat if r["category"] == "professional" and r["total"] > 0]
    members = sum(1 for r in prof_named if r["member_state"])
    others = [r for r in prof_named if not r["member_state"] and r["iso3"]]
    other_staff = sum(r["total"] for r in prof_named if r["iso3"] is None)
    if members != iv[2021]["member_state_nationalities"]:
        yield record("annex4_member_nationalities", "contradiction",
                     "Member State nationalities among Professional staff, 2021",
                     "Annex IV (2021)", str(iv[2021]["member_state_nationalities"]),
                     "Annex III rows with staff, Member States block", str(members))
    if len(others) != iv[2021]["non_member_state_nationalities"]:
        yield record("annex4_non_member_nationalities", "contradiction",
                     "Non-member State nationalities among Professional staff, 2021",
                     "Annex IV (2021)", str(iv[2021]["non_member_state_nationalities"]),
                     "Annex III named rows with staff, non-member block", str(len(others)),
                     f"Annex III also prints a row 'Other' with {other_staff} staff whose "
                     "nationalities are not named; the two agree only if those staff hold "
                     f"{iv[2021]['non_member_state_nationalities'] - len(others)} distinct "
                     "nationalities.")
    named_prof = members + len(others)
    para_where, _, para_value = text("diversity.professional_staff_nationalities")
    for where, printed in (("Annex IV (2021)", iv[2021]["total_nationalities"]),
                           (para_where, para_value)):
        if named_prof != printed:
            key = "annex4" if where.startswith("Annex") else where.replace(" ", "_")
            yield record(f"{key}_professional_nationalities", "contradiction",
                         "Nationalities represented among Professional staff, 2021",
                         where, str(printed), "Annex III named rows with staff", str(named_prof),
                         f"Annex III adds a row 'Other' ({other_staff} staff) whose nationalities "
                         "are not named; the figures agree only if it holds "
                         f"{printed - named_prof} distinct nationalities.")
    senior = {r["nationality"] for r in by_grade if r["category"] == "professional"
              and r["grade"] in ("E-1", "E-2", "D-2", "D-1", "P-5", "P-4") and r["staff"] > 0}
    # 'Other' counted as one nationality, as the report appears to count it
    where, printed_senior, senior_value = text("diversity.senior_staff_p4_above_nationalities")
    if len(senior) != senior_value:
        yield record("paragraph_153_senior_nationalities", "contradiction",
                     "Nationalities represented at P-4 and above, 2021",
                     where, printed_senior, "Annex III rows with staff at P-4 or above",
                     str(len(senior)))
    everyone = {r["iso3"] for r in by_nat if r["total"] > 0 and r["iso3"]}
    other_total = sum(r["total"] for r in by_nat if r["iso3"] is None)
    where, printed_all, all_value = text("diversity.workforce_nationalities")
    if len(everyone) != all_value:
        yield record("paragraph_153_all_nationalities", "contradiction",
                     "Nationalities represented in the whole workforce, 2021",
                     where, printed_all, "Annexes II and III, named rows with staff",
                     str(len(everyone)),
                     f"The two annexes also print rows 'Other' ({other_total} staff in all) whose "
                     f"nationalities are not named; they would have to hold {all_value - len(everyone)} "
                     "distinct nationalities for the figures to agree.")

    gs_names = {r["iso3"]: r["nationality"] for r in by_nat if r["category"] == "general_service"}
    p_names = {r["iso3"]: r["nationality"] for r in by_nat if r["category"] == "professional"}
    for iso3 in sorted(set(gs_names) - set(p_names) - {None}):
        yield record(f"annex3_missing_{iso3.lower()}", "coverage",
                     f"{gs_names[iso3]} has a row in Annex II but none in Annex III",
                     "Annex II", gs_names[iso3], "Annex III", "(no row)")
    for iso3 in sorted(set(gs_names) & set(p_names) - {None}):
        if gs_names[iso3] != p_names[iso3]:
            yield record(f"name_{iso3.lower()}", "naming",
                         "The same nationality is spelt differently in the two annexes",
                         "Annex II", gs_names[iso3], "Annex III", p_names[iso3])


def curated_discrepancies(folder: Path) -> Iterator[Row]:
    """Contradictions found by reading the narrative, curated by hand."""
    for path in sorted(folder.glob("discrepancies_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kind = row.get("kind") or "contradiction"
                yield record(row["id"], kind, row["what"], row["where_a"], row["value_a"],
                             row["where_b"], row["value_b"], row.get("explanation", ""))
