"""Find where the report disagrees with itself.

Two sources feed the bundled ``discrepancies`` dataset:

* :func:`computed_discrepancies` runs the checks of :data:`CHECKS`, small
  named functions that each re-derive printed shares, changes or totals of
  the staff annexes from the rebuilt rows and record each mismatch,
  with the printed figures of the narrative that the annexes can be held
  against (paragraphs 145 and 153);
* :func:`curated_discrepancies` reads the contradictions found by reading the
  narrative (``tools/curated/discrepancies_*.csv``).

A value cited to a paragraph, box or the foreword is checked against the
source text by the test suite, so the figures written here stay honest.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from iom_annual._data.registry import edition, grades_and_above
from iom_annual._figures.figure import where_printed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
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


@dataclass(frozen=True)
class Annexes:
    """What the checks read: the rebuilt rows, and the narrative's figures from
    the curated ``key_figures`` rows (each checked against its paragraph by the
    tests, never written here)."""

    data: Mapping[str, list[Row]]

    @property
    def year(self) -> int:
        """The year the edition reports on (the registry's ``edition.year``)."""
        return edition().year

    def rows(self, name: str) -> list[Row]:
        return self.data[name]

    def by_year(self, name: str) -> dict[int, Row]:
        return {r["year"]: r for r in self.data[name]}

    def text(self, figure_id: str) -> tuple[str, str, int]:
        """Where the report prints a figure, the token as printed, and its value."""
        (r,) = [r for r in self.data["key_figures"] if r["id"] == figure_id]
        where = where_printed(r["location"], r["paragraph"], r["box"])
        return where, r["as_printed"], int(r["value"])

    def sums(self, category: str) -> tuple[int, int, int]:
        """Total, female and male of a category's annex (Annex II or III)."""
        own = [r for r in self.data["staff_by_nationality"] if r["category"] == category]
        return (sum(r["total"] for r in own), sum(r["female"] for r in own),
                sum(r["male"] for r in own))

    def e_staff(self) -> int:
        """Staff at E-1 and E-2, whom Annex III counts and Annex I does not."""
        return sum(r["staff"] for r in self.data["staff_by_grade"]
                   if r["category"] == "professional" and r["grade"] in ("E-1", "E-2"))

    def professional_rows_with_staff(self) -> list[Row]:
        return [r for r in self.data["staff_by_nationality"]
                if r["category"] == "professional" and r["total"] > 0]

    def names(self, category: str) -> dict[str | None, str]:
        """ISO3 code -> printed nationality, in one category's annex."""
        return {r["iso3"]: r["nationality"] for r in self.data["staff_by_nationality"]
                if r["category"] == category}


def annex3_total_vs_table1(a: Annexes) -> Iterator[Row]:
    """Annex III's Total row against Annex I, Table 1 for the edition's year."""
    p_total, _, _ = a.sums("professional")
    t1 = a.by_year("professional_staff_by_sex")[a.year]["total"]
    if p_total != t1:
        yield record("annex3_total_vs_table1", "coverage",
                     f"Professional and higher staff: Annex III total against Annex I, Table 1 ({a.year})",
                     "Annex III, Total row", n(p_total), f"Annex I, Table 1 ({a.year})", n(t1),
                     _E_GRADES_NOTE if p_total - t1 == a.e_staff() else "")


def annex3_sexes_vs_narrative(a: Annexes) -> Iterator[Row]:
    """Annex III's women and men against the narrative's counts."""
    _, p_f, p_m = a.sums("professional")
    for label, annex_value, figure_id in (("women", p_f, "human_resources.professional_staff_women"),
                                          ("men", p_m, "human_resources.professional_staff_men")):
        where, printed, value = a.text(figure_id)
        if annex_value != value:
            yield record(f"annex3_{label}_vs_{where.replace(' ', '_')}", "coverage",
                         f"Professional {label}: Annex III total against {where}",
                         "Annex III, Total row", n(annex_value), where, printed, _E_GRADES_NOTE)


def annexes_total_vs_table4(a: Annexes) -> Iterator[Row]:
    """Annexes II and III together against Annex I, Table 4 for the edition's year."""
    combined = a.sums("general_service")[0] + a.sums("professional")[0]
    t4 = a.by_year("staff_headcount")[a.year]["total"]
    if combined != t4:
        yield record("annexes_2_3_vs_table4", "coverage",
                     f"All staff: Annex II plus Annex III against Annex I, Table 4 ({a.year})",
                     "Annexes II and III, Total rows", n(combined), f"Annex I, Table 4 ({a.year})", n(t4),
                     _E_GRADES_NOTE if combined - t4 == a.e_staff() else "")


def foreword_staff_growth(a: Annexes) -> Iterator[Row]:
    """The foreword's growth of the headcount against Table 4's totals of the year and the year before."""
    t4 = a.by_year("staff_headcount")
    before, after = t4[a.year - 1]["total"], t4[a.year]["total"]
    where, printed, value = a.text("human_resources.staff_change_pct_foreword")
    if percent(after - before, before) != value:
        growth = Decimal(after) * 100 / Decimal(before) - 100
        yield record("foreword_staff_growth", "rounding",
                     f"Growth of the headcount from the end of {a.year - 1} to the end of {a.year}",
                     where, printed, f"Annex I, Table 4 ({a.year - 1} and {a.year})", f"{growth:.1f}%",
                     "Paragraph 145 words the same growth as nearly 10 per cent.")


# Annex I's printed shares and the counts printed beside them: table, dataset,
# part, whole, printed share.
_PRINTED_SHARES = (
    ("Annex I, Table 1", "professional_staff_by_sex", "women", "total", "women_percent"),
    ("Annex I, Table 3", "senior_staff_by_sex", "women", "total", "women_percent"),
    ("Annex I, Table 4", "staff_headcount", "international_professional", "total", "professional_percent"),
)


def annex1_printed_shares(a: Annexes) -> Iterator[Row]:
    """Each share Annex I prints against the counts printed beside it."""
    for table, name, part, whole, printed in _PRINTED_SHARES:
        for r in a.rows(name):
            if percent(r[part], r[whole]) != r[printed]:
                exact = Decimal(r[part]) * 100 / Decimal(r[whole])
                yield record(f"{table[-7:].lower().replace(' ', '')}_{r['year']}_percent", "rounding",
                             f"Printed share against the counts printed beside it ({r['year']})",
                             f"{table} ({r['year']}), printed share", f"{r[printed]}%",
                             f"{table} ({r['year']}), {n(r[part])} / {n(r[whole])}",
                             f"{exact:.1f}%")


def annex4_member_share(a: Annexes) -> Iterator[Row]:
    """Annex IV's share of Member States represented against its counts."""
    for r in a.rows("nationalities_represented"):
        computed = percent(r["member_state_nationalities"], r["member_states"])
        if computed != r["member_states_represented_percent"]:
            yield record(f"annex4_{r['year']}_percent", "rounding",
                         f"Share of Member States represented against its counts ({r['year']})",
                         f"Annex IV ({r['year']})", f"{r['member_states_represented_percent']}%",
                         "Annex IV counts", f"{computed}%")


def annex4_member_nationalities(a: Annexes) -> Iterator[Row]:
    """Annex IV's Member State nationalities against Annex III's rows with staff."""
    members = sum(1 for r in a.professional_rows_with_staff() if r["member_state"])
    printed = a.by_year("nationalities_represented")[a.year]["member_state_nationalities"]
    if members != printed:
        yield record("annex4_member_nationalities", "contradiction",
                     f"Member State nationalities among Professional staff, {a.year}",
                     f"Annex IV ({a.year})", str(printed),
                     "Annex III rows with staff, Member States block", str(members))


def _other_staff(rows: Sequence[Row]) -> int:
    """Staff in the rows 'Other', whose nationalities are not named."""
    return sum(r["total"] for r in rows if r["iso3"] is None)


def annex4_non_member_nationalities(a: Annexes) -> Iterator[Row]:
    """Annex IV's non-member nationalities against Annex III's named rows."""
    prof = a.professional_rows_with_staff()
    others = [r for r in prof if not r["member_state"] and r["iso3"]]
    printed = a.by_year("nationalities_represented")[a.year]["non_member_state_nationalities"]
    if len(others) != printed:
        yield record("annex4_non_member_nationalities", "contradiction",
                     f"Non-member State nationalities among Professional staff, {a.year}",
                     f"Annex IV ({a.year})", str(printed),
                     "Annex III named rows with staff, non-member block", str(len(others)),
                     f"Annex III also prints a row 'Other' with {_other_staff(prof)} staff whose "
                     "nationalities are not named; the two agree only if those staff hold "
                     f"{printed - len(others)} distinct "
                     "nationalities.")


def professional_nationalities(a: Annexes) -> Iterator[Row]:
    """Annex IV's and paragraph 153's count of nationalities against Annex III's named rows."""
    prof = a.professional_rows_with_staff()
    named_prof = sum(1 for r in prof if r["member_state"] or r["iso3"])
    annex_iv = a.by_year("nationalities_represented")[a.year]["total_nationalities"]
    para_where, _, para_value = a.text("diversity.professional_staff_nationalities")
    for where, printed in ((f"Annex IV ({a.year})", annex_iv), (para_where, para_value)):
        if named_prof != printed:
            key = "annex4" if where.startswith("Annex") else where.replace(" ", "_")
            yield record(f"{key}_professional_nationalities", "contradiction",
                         f"Nationalities represented among Professional staff, {a.year}",
                         where, str(printed), "Annex III named rows with staff", str(named_prof),
                         f"Annex III adds a row 'Other' ({_other_staff(prof)} staff) whose nationalities "
                         "are not named; the figures agree only if it holds "
                         f"{printed - named_prof} distinct nationalities.")


def senior_nationalities(a: Annexes) -> Iterator[Row]:
    """Paragraph 153's nationalities at P-4 and above against Annex III's rows."""
    # 'Other' counted as one nationality, as the report appears to count it
    senior = {r["nationality"] for r in a.rows("staff_by_grade") if r["category"] == "professional"
              and r["grade"] in grades_and_above("P-4") and r["staff"] > 0}
    where, printed, value = a.text("diversity.senior_staff_p4_above_nationalities")
    if len(senior) != value:
        yield record("paragraph_153_senior_nationalities", "contradiction",
                     f"Nationalities represented at P-4 and above, {a.year}",
                     where, printed, "Annex III rows with staff at P-4 or above",
                     str(len(senior)))


def workforce_nationalities(a: Annexes) -> Iterator[Row]:
    """Paragraph 153's nationalities of the whole workforce against both annexes' named rows."""
    by_nat = a.rows("staff_by_nationality")
    everyone = {r["iso3"] for r in by_nat if r["total"] > 0 and r["iso3"]}
    where, printed, value = a.text("diversity.workforce_nationalities")
    if len(everyone) != value:
        yield record("paragraph_153_all_nationalities", "contradiction",
                     f"Nationalities represented in the whole workforce, {a.year}",
                     where, printed, "Annexes II and III, named rows with staff",
                     str(len(everyone)),
                     f"The two annexes also print rows 'Other' ({_other_staff(by_nat)} staff in all) whose "
                     f"nationalities are not named; they would have to hold {value - len(everyone)} "
                     "distinct nationalities for the figures to agree.")


def annex3_missing_rows(a: Annexes) -> Iterator[Row]:
    """Nationalities with a row in Annex II but none in Annex III."""
    gs_names, p_names = a.names("general_service"), a.names("professional")
    for iso3 in sorted(k for k in set(gs_names) - set(p_names) if k is not None):
        yield record(f"annex3_missing_{iso3.lower()}", "coverage",
                     f"{gs_names[iso3]} has a row in Annex II but none in Annex III",
                     "Annex II", gs_names[iso3], "Annex III", "(no row)")


def annex_spellings(a: Annexes) -> Iterator[Row]:
    """One nationality printed under two spellings in Annexes II and III."""
    gs_names, p_names = a.names("general_service"), a.names("professional")
    for iso3 in sorted(k for k in set(gs_names) & set(p_names) if k is not None):
        if gs_names[iso3] != p_names[iso3]:
            yield record(f"name_{iso3.lower()}", "naming",
                         "The same nationality is spelt differently in the two annexes",
                         "Annex II", gs_names[iso3], "Annex III", p_names[iso3])


# Every computed check, in the order its rows appear in the dataset.
CHECKS: tuple[Callable[[Annexes], Iterator[Row]], ...] = (
    annex3_total_vs_table1,
    annex3_sexes_vs_narrative,
    annexes_total_vs_table4,
    foreword_staff_growth,
    annex1_printed_shares,
    annex4_member_share,
    annex4_member_nationalities,
    annex4_non_member_nationalities,
    professional_nationalities,
    senior_nationalities,
    workforce_nationalities,
    annex3_missing_rows,
    annex_spellings,
)


def computed_discrepancies(data: Mapping[str, list[Row]]) -> Iterator[Row]:
    """Mismatches between the annexes, and between the annexes and the narrative.

    Runs every check of :data:`CHECKS` on the rebuilt rows.
    """
    annexes = Annexes(data)
    for check in CHECKS:
        yield from check(annexes)


def curated_discrepancies(folder: Path) -> Iterator[Row]:
    """Contradictions found by reading the narrative, curated by hand."""
    for path in sorted(folder.glob("discrepancies_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kind = row.get("kind") or "contradiction"
                yield record(row["id"], kind, row["what"], row["where_a"], row["value_a"],
                             row["where_b"], row["value_b"], row.get("explanation", ""))
