"""The bundled files are exactly what the build code makes of the source text."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

import pytest

from tools import annex_tables as at
from tools.build_data import registry

GS_GRADES = registry()["grades"]["general_service"]
PROF_GRADES = registry()["grades"]["professional"]

if TYPE_CHECKING:
    from pathlib import Path


def test_rebuild_is_byte_identical(source_path: Path) -> None:
    from tools.build_data import build

    built = build(source_path)
    package = resources.files("iom_annual")
    for name, content in built.items():
        installed = package.joinpath(*name.split("/")).read_bytes()
        assert installed == content, f"{name} is out of date: run tools/build_data.py"


def test_build_refuses_another_text(tmp_path: Path, source_path: Path) -> None:
    from tools.build_data import SourceError, build

    altered = tmp_path / "report.txt"
    altered.write_bytes(source_path.read_bytes().replace(b"17,761", b"17,762"))
    with pytest.raises(SourceError, match="sha256"):
        build(altered)


def _row(line: str, n_grades: int) -> tuple[at.Reading, ...]:
    match = at._NAME_AND_CELLS.match(line)
    assert match is not None
    return at.readings(at.tokenize(match["cells"]), len(match["trail"]), n_grades)


def test_whitespace_places_cells() -> None:
    # Annex III, Afghanistan: E-1..D-1 empty, P-5 1, P-4 1, P-3 3, P-2 5, P-1 empty, UG 2.
    found = _row("Afghanistan     1 1 3 5  2 12 1 11 ", len(PROF_GRADES))
    agreeing = [r for r in found if r.whitespace_agrees]
    assert len(agreeing) == 1
    assert agreeing[0].grades == (0, 0, 0, 0, 1, 1, 3, 5, 0, 2)
    assert (agreeing[0].total, agreeing[0].female, agreeing[0].male) == (12, 1, 11)


def test_thousands_group_is_merged_by_arithmetic() -> None:
    # Annex II, Greece: "1 052" is one number; only that reading adds up.
    found = _row("Greece     2 5 6 2 4  3    1030 1 052 608 444 ", len(GS_GRADES))
    assert {r.total for r in found} == {1052}
    assert found[0].grades[-1] == 1030


def test_empty_female_or_male_cell() -> None:
    # Annex III, Algeria: F = 2, M empty (two trailing spaces).
    algeria = [r for r in _row("Algeria       1 1   2 2  ", 10) if r.whitespace_agrees]
    assert [(r.female, r.male) for r in algeria] == [(2, 0)]
    # Annex III, Angola: F empty, M = 1 (two spaces between Total and M).
    angola = [r for r in _row("Angola          1 1  1 ", 10) if r.whitespace_agrees]
    assert [(r.female, r.male) for r in angola] == [(0, 1)]


def test_all_zero_row() -> None:
    found = _row("Iceland                0   ", len(GS_GRADES))
    assert [r.grades for r in found if r.whitespace_agrees] == [(0,) * 15]


def test_row_that_cannot_add_up_stops_the_build() -> None:
    lines = ["Country of nationality: ", "Member States ", "Category/Grade Sex ",
             "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M ",
             "Atlantis     1 1 3 5  2 13 1 11 ",
             "Total     1 1 3 5  2 12 1 11 "]
    with pytest.raises(at.AmbiguousRowError, match="Atlantis"):
        at.parse_annex(lines, 1, PROF_GRADES)


def test_column_totals_settle_a_row_the_whitespace_cannot() -> None:
    # Two rows whose white space was lost entirely (one space everywhere):
    # each alone could sit in many columns; the Total row decides.
    grades = ("A", "B", "C")
    lines = ["A B C Total F M ", "Ruritania 4 4 4 0 ", "Freedonia 1 1 1 0 ",
             "Total 1 0 4 5 5 0 "]
    table = at.parse_annex(lines, 1, grades)
    assert [r.grades for _, _, r in table.rows] == [(0, 0, 4), (1, 0, 0)]


def test_rows_that_stay_ambiguous_stop_the_build() -> None:
    grades = ("A", "B")
    lines = ["A B Total F M ", "Ruritania 1 1 1 0 ", "Freedonia 1 1 1 0 ", "Total 1 1 2 2 0 "]
    with pytest.raises(at.AmbiguousRowError, match="2 ways"):
        at.parse_annex(lines, 1, grades)


def test_wrapped_names_and_page_headers(source_path: Path) -> None:
    import iom_annual

    names = set(iom_annual.nationalities())
    assert "Bolivia (Plurinational State of)" in names
    assert "Venezuela (Bolivarian Republic of)" in names
    assert "Democratic Republic of the Congo" in names
    assert "Saint Vincent and the Grenadines" in names
    assert not any(n.startswith(("Country", "Category", "Member", "observer", "Total")) for n in names)
    # every printed row label of Annex II appears once per annex
    text = source_path.read_text(encoding="utf-8")
    assert text.count("Saint Vincent and the \nGrenadines") == 2


def test_split_rows_uses_table_arithmetic() -> None:
    rows = at.split_rows(["788 928 1 061", "679 841 945", "1 467 1 769 2 006"], 3, at.adds_up)
    assert rows == [[788, 928, 1061], [679, 841, 945], [1467, 1769, 2006]]
