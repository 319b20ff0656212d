"""The figure objects: strict records, read-only themes, the stub that types them, their display."""

from __future__ import annotations

import ast
import html
import pydoc
import re
import threading
import typing
from typing import Any

import polars as pl
import pydantic
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import iom_annual
from iom_annual._figures import access as _figures
from iom_annual._figures.figure import FIRST_YEAR, Figure, list_fields
from iom_annual._figures.schema import _model
from tests.conftest import ROOT
from tests.conftest import key_figure_rows as rows
from tests.conftest import key_figures as figures

if typing.TYPE_CHECKING:
    from pathlib import Path

PACKAGE = ROOT / "src" / "iom_annual"




REGISTERED = {t.name: t for t in iom_annual.themes()}


def namespace_of(theme: str) -> Any:
    return getattr(iom_annual, REGISTERED[theme].namespace)


# --- strict records ---------------------------------------------------------------

def wash() -> dict[str, Any]:
    return rows()["wash.people_supported"]


def valid(**changes: object) -> dict[str, object]:
    return {**wash(), **changes}


def test_every_row_is_a_valid_figure() -> None:
    for row in rows().values():
        fig = iom_annual.figure(row["id"])
        assert Figure.model_validate(row) == fig
        assert fig.value == row["value"] and fig.as_printed == row["as_printed"]
        assert fig.countries == (tuple(row["countries"].split("; ")) if row["countries"] else ())
        assert FIRST_YEAR <= fig.year <= iom_annual.edition().year


@pytest.mark.parametrize("changes", [
    {"value": True}, {"value": "1000"}, {"value": float("nan")}, {"value": float("inf")},
    {"as_printed": ""}, {"description": "   "}, {"section": ""}, {"group": ""},
    {"year": FIRST_YEAR - 1}, {"year": 2021 + 1}, {"year": "2021"}, {"year": 2021.0},
    {"qualifier": "roughly"}, {"namespace": "operation"}, {"location": "page"},
    {"group_role": "whole"}, {"theme": "Wash"}, {"metric": ""}, {"unit": "People"},
    {"id": "wash.people_reached"}, {"paragraph": None}, {"paragraph": 0}, {"box": 3},
    {"location": "box", "paragraph": None, "box": 0}, {"countries": ["Kenya", 3]}, {"iso3": {"KEN"}},
    {"countries": ("Kenya", "")}, {"countries": "Kenya; "}, {"extra_field": 1},
], ids=repr)
def test_figure_validation_is_strict(changes: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        Figure.model_validate(valid(**changes))


def test_a_missing_field_is_an_error_not_a_default() -> None:
    row = {k: v for k, v in wash().items() if k != "countries"}
    with pytest.raises(pydantic.ValidationError, match="countries"):
        Figure.model_validate(row)
    given = valid(countries="Kenya")
    Figure.model_validate(given)
    assert given["countries"] == "Kenya"  # the caller's row is left as it was


def test_a_valid_row_and_its_lists() -> None:
    fig = Figure.model_validate(valid(countries="Kenya; Somalia", year=FIRST_YEAR, value=3))
    assert fig.countries == ("Kenya", "Somalia") and fig.year == FIRST_YEAR and fig.value == 3.0
    assert Figure.model_validate(valid(countries=("Kenya",))).countries == ("Kenya",)
    # A frame row gives iso3 and regions as lists: they validate, as tuples.
    assert wash()["iso3"] == [] and Figure.model_validate(valid(iso3=["KEN", "SOM"])).iso3 == ("KEN", "SOM")
    assert hash(fig) == hash(fig.__copy__()) and fig == fig.__copy__()
    assert {fig, fig.__copy__()} == {fig}
    assert list_fields() == ("countries", "iso3", "regions")
    assert Figure.model_validate(fig.model_dump()) == fig == Figure(**fig.model_dump())
    assert fig != tuple(fig) and fig != Figure.model_validate(valid(countries="Kenya"))


def test_a_figure_is_checked_again_when_unpickled() -> None:
    import pickle

    fig = iom_annual.figure("wash.people_supported")
    data = pickle.dumps(fig)
    assert pickle.loads(data) == fig
    tampered = data.replace(b"people_supported", b"People_supported", 1)
    with pytest.raises(pydantic.ValidationError, match=r"must be theme\.metric"):
        pickle.loads(tampered)


@settings(max_examples=200, deadline=None, database=None)
@given(st.one_of(st.text(), st.integers(), st.none(),
                 st.deferred(lambda: st.sampled_from([*rows(), "wash.", ".people_supported"]))))
@example("wash.people_supported\x00")
def test_figure_by_any_id_is_a_figure_or_a_typed_error(wanted: Any) -> None:
    if not isinstance(wanted, str):  # a wrong type is a TypeError (issue 18)
        with pytest.raises(TypeError):
            iom_annual.figure(wanted)
        return
    try:
        fig = iom_annual.figure(wanted)
    except (iom_annual.UnknownThemeError, iom_annual.UnknownMetricError) as error:
        assert "Valid options" in str(error)
    else:  # any case and surrounding spaces (issue 18)
        assert fig.id in (wanted, wanted.strip().casefold())
        assert fig == Figure.model_validate(rows()[fig.id])


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                    st.lists(st.text(max_size=5), max_size=3).map(tuple))


@settings(max_examples=200, deadline=None, database=None)
@given(st.dictionaries(st.deferred(lambda: st.sampled_from(list(wash()))), _VALUES, max_size=5),
       st.booleans())
def test_any_changed_row_validates_or_is_refused(changes: dict[str, object], drop: bool) -> None:
    # Whatever a caller passes, validation returns a figure or raises pydantic's error, nothing else.
    row = {k: v for k, v in valid(**changes).items() if not (drop and k in changes)}
    try:
        fig = Figure.model_validate(row)
    except pydantic.ValidationError:
        return
    assert fig.model_dump().keys() == wash().keys() and Figure.model_validate(fig.model_dump()) == fig


def test_first_year_is_the_founding_year_the_report_states(source_path: Path) -> None:
    text = " ".join(source_path.read_text(encoding="utf-8").split())
    assert re.search(rf"Founded as the Provisional .{{0,120}} by 16 States in {FIRST_YEAR} ", text)
    assert iom_annual.figure("membership.founding_states").year == FIRST_YEAR


def test_fields_and_literals_are_those_of_the_registry() -> None:
    columns = iom_annual.dataset("key_figures").columns
    assert list(Figure._fields) == [c.name for c in columns]
    validator = _model(Figure)  # made from Figure's annotations
    assert list(validator.model_fields) == [c.name for c in columns]
    for column in columns:
        if column.allowed_values is not None:
            annotation = validator.model_fields[column.name].annotation
            if typing.get_origin(annotation) is not typing.Literal:  # Literal[...] | None
                (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
            assert typing.get_origin(annotation) is typing.Literal, column.name
            assert typing.get_args(annotation) == column.allowed_values, column.name


# --- read-only, shared objects ----------------------------------------------------------

def test_a_figure_cannot_be_changed() -> None:
    served = (iom_annual.operations.wash.people_supported, iom_annual.figure("wash.people_supported"),
              iom_annual.operations.wash.figures()[1])
    for fig in served:
        with pytest.raises(AttributeError, match="Figure records cannot be changed; 'value' cannot be set"):
            fig.value = -1.0  # type: ignore[misc]
        with pytest.raises(AttributeError):  # not even around the record's own __setattr__
            object.__setattr__(fig, "value", -1.0)
        with pytest.raises(AttributeError, match="'extra' cannot be set"):
            fig.extra = 1  # type: ignore[attr-defined]
        with pytest.raises(AttributeError, match="'unit' cannot be deleted"):
            del fig.unit
    assert iom_annual.operations.wash.people_supported.value == 13_300_000
    assert iom_annual.figure("wash.people_supported").unit == "people"
    assert iom_annual.operations.wash.figures()[1].value == 13_300_000


def test_themes_and_namespaces_cannot_be_changed() -> None:
    ops = iom_annual.operations
    targets = ((ops, "wash"), (ops.wash, "people_supported"), (ops, "extra"), (ops.wash, "_members"))
    for target, name in targets:
        with pytest.raises(AttributeError):
            object.__setattr__(target, name, None)
        with pytest.raises(AttributeError):
            setattr(target, name, None)
        with pytest.raises(AttributeError):
            delattr(target, name)
    with pytest.raises(TypeError):
        type(ops)._members["wash"] = ops.cccm  # type: ignore[index]
    with pytest.raises(TypeError):
        type(ops.wash)._members["people_supported"] = ops.cccm.people_reached  # type: ignore[index]
    assert ops.wash.people_supported.value == 13_300_000
    assert isinstance(ops.wash.figures(), tuple) and isinstance(ops.figures(), tuple)


def test_figures_and_themes_cross_processes() -> None:
    import pickle

    ops = iom_annual.operations
    for obj in (ops, ops.wash, iom_annual.institution.finance):
        assert pickle.loads(pickle.dumps(obj)) is obj
    fig = ops.wash.people_supported
    assert pickle.loads(pickle.dumps(fig)) == fig


def test_warm_calls_take_no_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    iom_annual.figure("wash.people_supported")

    class Refuse:
        def __enter__(self) -> None:
            raise AssertionError("a warm call took the lock")

        def __exit__(self, *args: object) -> None:
            return None

    monkeypatch.setattr(_figures._store, "_lock", Refuse())
    assert iom_annual.figure("cccm.displacement_sites").value == 1561
    assert iom_annual.institution.finance.figures()


def test_threads_build_once(monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    calls: list[int] = []
    real = _figures._store.build

    def counting() -> Any:
        calls.append(1)
        return real()

    monkeypatch.setattr(_figures._store, "build", counting)
    barrier = threading.Barrier(8)
    seen: list[float] = []

    def work() -> None:
        barrier.wait()
        seen.append(iom_annual.figure("wash.people_supported").value)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and seen == [13_300_000] * 8


# --- names ---------------------------------------------------------------------------------

def test_dir_shows_figures_and_public_methods_only() -> None:
    for theme, members in figures().group_by("theme"):
        holder = getattr(namespace_of(str(theme[0])), str(theme[0]))
        assert dir(holder) == sorted([*members["metric"], "figures"])
    assert dir(iom_annual.operations) == sorted(
        [*(t.name for t in iom_annual.themes("operations")), "figures"])


def test_unknown_names_suggest() -> None:
    with pytest.raises(iom_annual.UnknownThemeError, match=r"'wash\.people_supported'"):
        iom_annual.figure("people_supported")  # type: ignore[arg-type]
    with pytest.raises(iom_annual.UnknownMetricError, match="'people_supported'"):
        iom_annual.figure("wash.people_suported")  # type: ignore[arg-type]
    with pytest.raises(iom_annual.UnknownThemeError, match="'wash'"):
        iom_annual.figure("wsh.people_supported")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int"):  # a wrong type (issue 18)
        iom_annual.figure(13)  # type: ignore[arg-type]
    with pytest.raises(iom_annual.UnknownMetricError, match="'displacement_sites'"):
        iom_annual.operations.cccm.displacement_site  # noqa: B018
    with pytest.raises(AttributeError):
        iom_annual.operations.wash._private  # noqa: B018


def test_figure_id_literal_lists_every_id() -> None:
    assert sorted(typing.get_args(iom_annual.FigureId)) == sorted(rows())


# --- the stub -------------------------------------------------------------------------------

def stub() -> ast.Module:
    return ast.parse((PACKAGE / "_figures" / "types.pyi").read_text(encoding="utf-8"))


def test_stub_declares_what_the_run_time_serves() -> None:
    classes = {n.name: n for n in stub().body if isinstance(n, ast.ClassDef)}
    for name, theme in REGISTERED.items():
        holder = getattr(namespace_of(name), name)
        declared = classes[type(holder).__name__]
        properties = [f.name for f in declared.body if isinstance(f, ast.FunctionDef)]
        assert properties == list(figures().filter(pl.col("theme") == name)["metric"])
        assert ast.get_docstring(declared) == f"{theme.title}: {theme.description}"
        for f in declared.body:
            if isinstance(f, ast.FunctionDef):
                row = rows()[f"{name}.{f.name}"]
                doc = ast.get_docstring(f)
                assert doc is not None and doc.startswith(row["description"])
    for part in ("operations", "institution"):
        declared = classes[type(getattr(iom_annual, part)).__name__]
        assert [f.name for f in declared.body if isinstance(f, ast.FunctionDef)] == [
            t.name for t in iom_annual.themes(part)]


def test_stub_figure_ids_are_the_data_ids() -> None:
    (alias,) = [n for n in stub().body if isinstance(n, ast.AnnAssign)
                and isinstance(n.target, ast.Name) and n.target.id == "FigureId"]
    assert isinstance(alias.value, ast.Subscript) and isinstance(alias.value.slice, ast.Tuple)
    assert sorted(ast.literal_eval(e) for e in alias.value.slice.elts) == sorted(rows())


def runtime_imports(path: Path) -> set[str]:
    """Modules ``path`` imports when run (``if TYPE_CHECKING`` blocks left out)."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.ImportFrom) and sub.module:
                    found.add(sub.module)
                elif isinstance(sub, ast.Import):
                    found.update(a.name for a in sub.names)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def test_no_import_cycle_and_no_stub_at_run_time() -> None:
    assert not (PACKAGE / "_figures" / "types.py").exists()
    figure = runtime_imports(PACKAGE / "_figures" / "figure.py")
    figures = runtime_imports(PACKAGE / "_figures" / "access.py")
    assert "iom_annual._figures.access" not in figure and "iom_annual._figures.types" not in figure
    assert "iom_annual._figures.types" not in figures and "iom_annual._figures.figure" in figures
    stub_imports = {n.module for n in ast.walk(stub()) if isinstance(n, ast.ImportFrom)}
    assert stub_imports == {"typing", "iom_annual._figures.figure"}


def test_mypy_checks_figures(tmp_path: Path) -> None:
    from mypy import api
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "import iom_annual\n"
        "ok: float = iom_annual.operations.wash.people_supported.value\n"
        "fine = iom_annual.figure('wash.people_supported')\n"
        "bad_metric = iom_annual.operations.wash.people_suported\n"
        "bad_theme = iom_annual.institution.finanse\n"
        "bad_id = iom_annual.figure('wash.people_suported')\n"
        "bad_type: str = iom_annual.operations.wash.people_supported.value\n"
        "fine.value = 1.0\n"
        "iom_annual.dataset('key_figures').name = 'x'\n",
        encoding="utf-8")
    out, _, status = api.run(["--strict", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache"),
                              str(snippet)])
    errors = {int(line.split(":")[1]): line for line in out.splitlines() if ": error:" in line}
    assert status == 1 and sorted(errors) == [4, 5, 6, 7, 8, 9], out
    assert "read-only" in errors[8] and "read-only" in errors[9]  # records are frozen for mypy too
    assert 'maybe "people_supported"' in errors[4] and 'maybe "finance"' in errors[5]
    assert "FigureId" in errors[6] or "Literal[" in errors[6]


# --- display ------------------------------------------------------------------------------------

def test_figure_repr_is_one_short_line() -> None:
    assert repr(iom_annual.operations.wash.people_supported) == (
        "Figure(wash.people_supported: 13.3 million people, C/113/INF/1/Rev.1, paragraph 16)")
    assert repr(iom_annual.figure("cccm.people_reached")).startswith(
        "Figure(cccm.people_reached: more than 3.2 million people,")
    for fid in rows():
        text = repr(iom_annual.figure(fid))
        assert "\n" not in text and len(text) <= 200 and fid in text


def test_a_figure_of_another_year_says_so() -> None:
    other = figures().filter(pl.col("year") != 2021).row(0, named=True)
    assert f" in {other['year']}," in repr(iom_annual.figure(other["id"]))


def test_theme_repr_lists_its_figures() -> None:
    wash = repr(iom_annual.operations.wash).splitlines()
    assert wash[0] == "WashFigures: Water, sanitation and hygiene, 2 figures"
    assert wash[2].split() == ["people_supported", "13.3", "million", "people", "(paragraph", "16)"]
    dtm = repr(iom_annual.operations.dtm)
    assert all(m in dtm for m in figures().filter(theme="dtm")["metric"])


def test_namespace_repr_is_a_compact_table() -> None:
    counts = dict(figures().group_by("theme").len().iter_rows())
    for part in ("operations", "institution"):
        text = repr(getattr(iom_annual, part))
        assert len(text) < 2000
        for theme in iom_annual.themes(part):
            assert f"{theme.name} ({counts[theme.name]})" in text
    assert "41 themes, 321 figures" in repr(iom_annual.operations)  # 41 + 24 = 65 themes, 495 figures


def test_html_is_escaped() -> None:
    quoted = next(r for r in rows().values() if "'" in r["description"])
    out = iom_annual.figure(quoted["id"])._repr_html_()
    assert html.escape(quoted["description"]) in out and quoted["description"] not in out
    theme = getattr(namespace_of(quoted["theme"]), quoted["theme"])._repr_html_()
    assert theme.startswith('<table class="iom-annual">') and "<td " in theme
    ops = iom_annual.operations._repr_html_()
    assert ops.count("<tr>") == len(iom_annual.themes("operations")) + 1


def test_help_lists_figures_with_descriptions() -> None:
    text = pydoc.render_doc(iom_annual.operations.cccm, renderer=pydoc.plaintext)
    for row in figures().filter(theme="cccm").iter_rows(named=True):
        assert row["metric"] in text and row["description"] in " ".join(text.split())
    assert "model_" not in text and "parse_obj" not in text
    ns = pydoc.render_doc(iom_annual.institution, renderer=pydoc.plaintext)
    assert all(t.name in ns for t in iom_annual.themes("institution"))
