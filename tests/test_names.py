"""One place for every name: the package's public names, its vocabularies and
Annex I's grade groups are each written once, or checked to agree where a
type checker needs them spelt out twice."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import iom_annual
from iom_annual._data.registry import annexes, grade_groups, grade_lists
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "iom_annual"


def _init_names(path: Path) -> tuple[set[str], list[str], dict[str, set[str]]]:
    """The names of ``__init__.py``'s TYPE_CHECKING imports, ``__all__`` and ``_HOME``.

    Names imported only to annotate ``operations`` and ``institution`` there
    are left out: they are for the type checker, not the public API.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checked: set[str] = set()
    annotating: set[str] = set()
    listed: list[str] = []
    home: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, (ast.ImportFrom, ast.Import)):
                    checked |= {a.asname or a.name for a in stmt.names}
                elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    checked.add(stmt.target.id)
                    annotating |= {n.id for n in ast.walk(stmt.annotation) if isinstance(n, ast.Name)}
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "__all__":
            listed = ast.literal_eval(node.value)  # type: ignore[attr-defined]
        if isinstance(target, ast.Name) and target.id == "_HOME":
            comprehension = node.value  # type: ignore[attr-defined]
            assert isinstance(comprehension, ast.DictComp)
            mapping = ast.literal_eval(comprehension.generators[0].iter.func.value)  # type: ignore[attr-defined]
            home = {module: set(names) for module, names in mapping.items()}
    return checked - (annotating - set(listed)), listed, home


def _disagreements(path: Path) -> list[str]:
    checked, listed, home = _init_names(path)
    problems = []
    if listed != sorted(listed) or len(listed) != len(set(listed)):
        problems.append("__all__ is not sorted and unique")
    lazy = {name for names in home.values() for name in names}
    # operations and institution are built by __getattr__; __version__ is a plain global
    built = {"operations", "institution"}
    if set(listed) != lazy | built | {"__version__"}:
        problems.append(f"__all__ and _HOME differ: {sorted(set(listed) ^ (lazy | built | {'__version__'}))}")
    if checked != lazy | built:
        problems.append(f"TYPE_CHECKING and _HOME differ: {sorted(checked ^ (lazy | built))}")
    return problems


def test_init_names_written_three_times_agree() -> None:
    assert _disagreements(PACKAGE / "__init__.py") == []
    _, _, home = _init_names(PACKAGE / "__init__.py")
    for module, names in home.items():  # each name is where _HOME says it is
        found = importlib.import_module(f"iom_annual.{module}")
        for name in names:
            assert name == module or hasattr(found, name), (module, name)


@pytest.mark.parametrize(("old", "new"), [
    ('    "staff_headcount",\n', ""),  # dropped from __all__
    # lazy only
    ('"_data.loader": ("load",),', '"_data.loader": ("load", "read_file"),'),
    ("        staff_headcount,\n", ""),  # dropped from the TYPE_CHECKING imports
    # unsorted
    ('    "CATEGORIES",\n    "CITATION_FORMATS",\n', '    "CITATION_FORMATS",\n    "CATEGORIES",\n'),
])
def test_the_names_check_notices_a_drift(tmp_path: Path, old: str, new: str) -> None:
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "__init__.py").write_text(text.replace(old, new, 1), encoding="utf-8")
    assert _disagreements(tmp_path / "__init__.py")


def test_init_names_are_generated_from_home() -> None:
    # _HOME is written by hand; the TYPE_CHECKING imports and __all__ are generated from it.
    from tools import public_names

    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert public_names.render(text) == text, "run python tools/public_names.py"
    added = text.replace('"_output.cite": ("CITATION_FORMATS", "CitationFormat", "cite"),',
                         '"_output.cite": ("CITATION_FORMATS", "CitationFormat", "cite", "cite_all"),', 1)
    regenerated = public_names.render(added)
    assert '    "cite_all",\n' in regenerated and "CitationFormat, cite, cite_all" in regenerated
    assert _disagreements_in(regenerated) == []


def _disagreements_in(text: str) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "__init__.py"
        path.write_text(text, encoding="utf-8")
        return _disagreements(path)


def test_dir_shows_the_public_api_only() -> None:
    shown = dir(iom_annual)
    assert shown == sorted(iom_annual.__all__)
    assert not {"TYPE_CHECKING", "annotations", "_HOME"} & set(shown)


def test_star_import_of_the_registry_works() -> None:
    code = "from iom_annual._data.registry import *\nprint(len(datasets()))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(iom_annual.datasets())


def _module_level_assignments(name: str) -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found.append(path.relative_to(PACKAGE).as_posix())
    return found


@pytest.mark.parametrize(("name", "home"), [("Category", "_staff/tables.py"),
                                            ("CATEGORIES", "_staff/tables.py"),
                                            ("CitationFormat", "_output/cite.py"),
                                            ("CITATION_FORMATS", "_output/cite.py"), ("Kind", "_search.py"),
                                            ("KINDS", "_search.py"), ("Standing", "_countries.py")])
def test_each_vocabulary_is_defined_once(name: str, home: str) -> None:
    assert _module_level_assignments(name) == [home]


def test_vocabularies_match_their_literal_types() -> None:
    from typing import get_args

    assert iom_annual.CATEGORIES == get_args(iom_annual.Category) == tuple(grade_lists()) == tuple(annexes())
    from iom_annual import _countries as _country

    assert get_args(_country.Standing) == (*iom_annual.CATEGORIES, "all")  # Literal flattens Category
    assert get_args(iom_annual.CitationFormat) == iom_annual.CITATION_FORMATS
    from iom_annual._staff import models as _models

    assert _models.Category is iom_annual.Category


# --- Annex I, Table 2's grade groups come from the registry ----------------------


def test_grade_groups_are_written_only_in_the_registry() -> None:
    # A string constant in code (docstrings and comments aside) naming a group
    # that is not also an annex grade would be a second copy of the list.
    labels = set(grade_groups()) - set(iom_annual.grades("professional"))
    assert labels == {"Ungraded", "D-1–D-2"}
    # (this file types the labels as a user would, to test that they are accepted)
    code = [*PACKAGE.rglob("*.py"), *(ROOT / "tools").glob("*.py"),
            *(p for p in (ROOT / "tests").glob("*.py") if p.name != Path(__file__).name)]
    holders = [p.name for p in code for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
               if isinstance(node, ast.Constant) and node.value in labels]
    assert holders == [], holders


def test_table_2_column_allows_exactly_the_groups() -> None:
    column = iom_annual.dataset("professional_women_by_grade").column("grade")
    assert column.allowed_values == tuple(grade_groups())
    printed = iom_annual.professional_women_by_grade()["grade"].unique(maintain_order=True).to_list()
    assert printed == list(grade_groups())


def test_table_2_header_in_the_source_is_the_registry_groups(source_path: Path) -> None:
    header = next(line for line in source_path.read_text(encoding="utf-8").splitlines()
                  if line.strip().startswith("2021 Ungraded"))
    assert header.split()[1:] == list(grade_groups())


def test_grade_groups_cover_annex_grades() -> None:
    for members in grade_groups().values():
        assert set(members) <= set(grade_lists()["professional"])


# --- one vocabulary for grades ------------------------------------------------------


@pytest.mark.parametrize(("label", "grades"), [
    ("Ungraded", ["UG"]), ("ungraded ", ["UG"]), ("UG", ["UG"]),
    ("D-1–D-2", ["D-1", "D-2"]), ("D-1-D-2", ["D-1", "D-2"]), ("d-1‐d-2", ["D-1", "D-2"]),
    ("P-3", ["P-3"]), ("p-3", ["P-3"]),
])
def test_grade_labels_of_every_table_are_accepted(label: str, grades: list[str]) -> None:
    got = iom_annual.staff_by_grade("professional", grade=label)
    cells = iom_annual.load("staff_by_grade").filter(category="professional")
    assert sorted(got["grade"].unique().to_list()) == sorted(grades)
    assert got["staff"].sum() == cells.filter(pl.col("grade").is_in(grades))["staff"].sum()


def test_ungraded_spans_both_categories_without_a_category() -> None:
    both = iom_annual.staff_by_grade(grade="Ungraded")
    assert set(both["category"]) == {"general_service", "professional"}
    assert both.equals(iom_annual.staff_by_grade(grade="ug"))


def test_a_group_outside_the_category_is_an_error_naming_the_options() -> None:
    with pytest.raises(iom_annual.UnknownGradeError) as info:
        iom_annual.staff_by_grade("general_service", grade="D-1-D-2")
    assert "G-4" in info.value.options and "D-1" not in info.value.options
    with pytest.raises(iom_annual.UnknownGradeError) as info:
        iom_annual.staff_by_grade("professional", grade="D-1 D-2")
    assert "D-1–D-2" in info.value.options and "Ungraded" in info.value.options


def test_table_2_totals_select_through_its_own_labels() -> None:
    t2 = iom_annual.professional_women_by_grade().filter(year=2021)
    for group, total in t2.select("grade", "total").rows():
        assert iom_annual.staff_by_grade("professional", grade=group)["staff"].sum() == total
