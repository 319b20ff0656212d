"""Hard to break: property tests over every public accessor and the command line.

Each accessor is called with arbitrary strings, valid values in the wrong case
or with extra white space, ISO codes (real and made up), grades of the other
category, None, numbers and other wrong types.  Every outcome must be either
the correct result, checked against an oracle written here from the raw
tables, or the library's own documented error (an ``IomAnnualError`` subclass
whose message repeats the bad value and names the valid options).  Nothing
else may escape.  Results must stay the caller's: each property mutates what
it got and checks that the next call is unchanged.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import iom_annual
from iom_annual import metrics
from iom_annual._core.folding import fold  # the one folding rule; tests/test_names.py pins it down
from iom_annual.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

CATEGORIES: list[str] = list(iom_annual.CATEGORIES)
GRADES: dict[str, tuple[str, ...]] = {c: iom_annual.grades(c) for c in iom_annual.CATEGORIES}
ALL_GRADES = tuple(dict.fromkeys(g for c in CATEGORIES for g in GRADES[c]))
DATASETS = [d.name for d in iom_annual.datasets()]


# The data are read on first use, not at import: a loader bug fails tests, not the
# collection of the suite (strategies that sample them are st.deferred).
@functools.cache
def nationality_frame() -> pl.DataFrame:
    return iom_annual.load("staff_by_nationality")


@functools.cache
def by_grade() -> pl.DataFrame:
    return iom_annual.load("staff_by_grade")


@functools.cache
def names() -> list[str]:
    return sorted(set(nationality_frame()["nationality"].to_list()))


@functools.cache
def iso3_codes() -> list[str]:
    return sorted(set(nationality_frame()["iso3"].drop_nulls().to_list()))


@functools.cache
def snapshots() -> dict[str, pl.DataFrame]:
    # Read from the files, not through the cache that the tests try to change.
    from iom_annual._data.loader import read_file

    return {name: read_file(name) for name in DATASETS}


@functools.cache
def figures() -> pl.DataFrame:
    return iom_annual.key_figures()


@functools.cache
def themes() -> list[str]:
    return sorted(set(figures()["theme"].to_list()))


@functools.cache
def figure_ids() -> list[str]:
    return list(figures()["id"].to_list())


def dataset_named(name: object) -> str | None:
    """The dataset a name means: any case, surrounding spaces ignored (issue 9)."""
    folded = name.strip().casefold() if isinstance(name, str) else None
    return next((n for n in DATASETS if n.casefold() == folded), None)

# --- strategies --------------------------------------------------------------

SPACES = st.sampled_from(["", " ", "  ", "\t", "\n", "\u00a0", " \u2003"])
CASES: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title, str.swapcase]


@st.composite
def noisy(draw: st.DrawFn, words: list[str] | tuple[str, ...]) -> str:
    """A valid word in another case, with white space around it."""
    word = draw(st.sampled_from(words))
    return draw(SPACES) + draw(st.sampled_from(CASES))(word) + draw(SPACES)


WRONG_TYPES = st.one_of(
    st.integers(), st.floats(allow_nan=True), st.booleans(), st.binary(max_size=6),
    st.lists(st.integers(), max_size=2), st.tuples(st.text(max_size=3)), st.just({}),
)
TEXT = st.one_of(st.text(max_size=25),
                 st.sampled_from(["", " ", "\udcff", "\x00", "Ｋｅｎｙａ", "Kenya\u200b"]))
MADE_UP_CODES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=4)


def arguments(*valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), *valid, TEXT, WRONG_TYPES)


CATEGORY = arguments(noisy(CATEGORIES), st.sampled_from(["general service", "Professional ", "GS", "P"]))
NATIONALITY_ARG = arguments(st.deferred(lambda: noisy(names())), st.deferred(lambda: noisy(iso3_codes())),
                            MADE_UP_CODES,
                            st.sampled_from(["Lao People’s Democratic Republic", "Other", "Barbados"]))
GRADE = arguments(noisy(ALL_GRADES), st.sampled_from(["P4", "G 4", "p-6", "NO-E", "ug"]))
DATASET = arguments(noisy(DATASETS), st.sampled_from([n.replace("_", " ") for n in DATASETS]))
FORMAT = arguments(noisy(list(iom_annual.FORMATS)), st.sampled_from(["xls", "parquet ", "JSON"]))

# --- the oracle ---------------------------------------------------------------


def want_category(value: object) -> str | None:
    """The category meant, None for all; raises the error the library must raise."""
    if value is None:
        return None
    if not isinstance(value, str):  # a wrong type: no close matches (issue 18)
        raise ExpectedError(TypeError, value)
    if value.strip().casefold() in CATEGORIES:
        return value.strip().casefold()
    raise ExpectedError(iom_annual.UnknownCategoryError, value)


@functools.cache
def name_table() -> pl.DataFrame:
    return iom_annual.load("country_names")


def _named(key: str) -> list[str]:
    """The ISO3 codes the name table gives a folded name (an M49 code without its zeros,
    a demonym in the plural)."""
    codes = name_table().filter(pl.col("key") == key)["iso3"].to_list()
    if not codes and key.isdigit():
        codes = name_table().filter(pl.col("key") == key.zfill(3))["iso3"].to_list()
    if (not codes and key.endswith("s")
            and "demonym" in name_table().filter(pl.col("key") == key[:-1])["kind"]):
        codes = name_table().filter(pl.col("key") == key[:-1])["iso3"].to_list()
    return sorted(set(codes))


def want_rows(df: pl.DataFrame, category: str | None, nationality: object) -> pl.DataFrame:
    if category is not None:
        df = df.filter(pl.col("category") == category)
    if nationality is None:
        return df
    if not isinstance(nationality, str):  # a wrong type gets no close matches (issue 18)
        raise ExpectedError(TypeError, nationality)
    q = fold(nationality)
    hits = [(name, code) for name, code in nationality_frame().select("nationality", "iso3").rows()
            if fold(name) == q or (code is not None and fold(code) == q)]
    if not hits:  # any other name of a country: read from the name table itself
        named = _named(q)
        if len(named) > 1:
            raise ExpectedError(iom_annual.AmbiguousCountryError, nationality)
        if not named or named[0] not in set(nationality_frame()["iso3"].drop_nulls()):
            raise ExpectedError(iom_annual.UnknownNationalityError, nationality)
        return df.filter(pl.col("iso3") == named[0])
    codes = [code for _, code in hits if code is not None]
    if codes:  # one code, whichever way the annexes spell its name
        return df.filter(pl.col("iso3").is_in(codes))
    return df.filter(pl.col("nationality").is_in([name for name, _ in hits]))


class ExpectedError(Exception):
    def __init__(self, error: type[Exception], value: object) -> None:
        super().__init__(error.__name__)
        self.error, self.value = error, value


def check(call: Callable[[], Any], oracle: Callable[[], Any]) -> Any:
    """Run ``call``; it must return what ``oracle`` returns or raise what it expects."""
    try:
        expected = oracle()
    except ExpectedError as want:
        if want.error is TypeError:  # a wrong type: a TypeError that names the type, no close matches
            with pytest.raises(TypeError) as wrong:
                call()
            assert type(want.value).__name__ in str(wrong.value), wrong.value
            return None
        with pytest.raises(iom_annual.IomAnnualError) as info:
            call()
        assert type(info.value) is want.error, (info.value, want.error)
        message = str(info.value)
        # The value is quoted, but no more than its first ~80 characters.
        quoted = repr(want.value)
        assert (quoted if len(quoted) <= 80 else quoted[:79] + "…") in message, message
        assert "Valid options" in message, message
        return None
    got = call()
    if isinstance(expected, pl.DataFrame):
        assert_frame_equal(got, expected)
    else:
        assert got == expected
    return got


def scribble(df: pl.DataFrame) -> None:
    """Change a returned frame in place, as a careless caller might."""
    if df.height:
        for column, dtype in df.schema.items():
            if dtype in (pl.Int64, pl.String):
                df[0, column] = -12345 if dtype == pl.Int64 else "scribbled"
                return


# --- the accessors --------------------------------------------------------------


@SETTINGS
@given(category=CATEGORY, nationality=NATIONALITY_ARG)
def test_staff_by_nationality(category: Any, nationality: Any) -> None:
    def oracle() -> pl.DataFrame:
        return want_rows(nationality_frame(), want_category(category), nationality)

    got = check(lambda: iom_annual.staff_by_nationality(category, nationality), oracle)
    if got is not None:
        scribble(got)
        check(lambda: iom_annual.staff_by_nationality(category, nationality), oracle)


@SETTINGS
@given(category=CATEGORY, nationality=NATIONALITY_ARG, grade=GRADE)
def test_staff_by_grade(category: Any, nationality: Any, grade: Any) -> None:
    def oracle() -> pl.DataFrame:
        cat = want_category(category)
        rows = want_rows(by_grade(), cat, nationality)
        if grade is None:
            return rows
        allowed = GRADES[cat] if cat else ALL_GRADES
        if not isinstance(grade, str):  # a wrong type: no close matches (issue 18)
            raise ExpectedError(TypeError, grade)
        if grade.strip().upper() not in allowed:
            raise ExpectedError(iom_annual.UnknownGradeError, grade)
        return rows.filter(pl.col("grade") == grade.strip().upper())

    got = check(lambda: iom_annual.staff_by_grade(category, nationality, grade), oracle)
    if got is not None:
        scribble(got)
        check(lambda: iom_annual.staff_by_grade(category, nationality, grade), oracle)


@SETTINGS
@given(nationality=NATIONALITY_ARG, category=CATEGORY)
@example(nationality="Barbados", category="professional")  # in Annex II only: was an IndexError
@example(nationality="LAO", category=" General_Service")
def test_nationality_staff(nationality: Any, category: Any) -> None:
    def oracle() -> tuple[str, int, int, int]:
        cat = want_category(category)
        if cat is None:
            raise ExpectedError(iom_annual.UnknownCategoryError, category)
        if not isinstance(nationality, str):  # None included: a wrong type (issue 18)
            raise ExpectedError(TypeError, nationality)
        rows = want_rows(nationality_frame(), cat, nationality)
        if rows.height == 0:  # a nationality, but not printed in this category's annex
            raise ExpectedError(iom_annual.UnknownNationalityError, nationality)
        assert rows.height == 1
        r = rows.row(0, named=True)
        return r["nationality"], r["total"], r["female"], r["male"]

    def call() -> tuple[str, int, int, int]:
        rec = iom_annual.nationality_staff(nationality, category)
        assert sum(rec.grades.values()) == rec.total
        assert tuple(rec.grades) == GRADES[rec.category]
        with pytest.raises(TypeError):  # the counts are read-only
            rec.grades[next(iter(rec.grades))] = -1  # type: ignore[index]
        return rec.nationality, rec.total, rec.female, rec.male

    if check(call, oracle) is not None:
        check(call, oracle)


@SETTINGS
@given(category=CATEGORY)
@example(category=None)  # was an AssertionError
def test_grades(category: Any) -> None:
    def oracle() -> tuple[str, ...]:
        cat = want_category(category)
        if cat is None:
            raise ExpectedError(iom_annual.UnknownCategoryError, category)
        return GRADES[cat]

    check(lambda: iom_annual.grades(category), oracle)


@SETTINGS
@given(category=CATEGORY)
def test_as_published(category: Any) -> None:
    def oracle() -> int:
        cat = want_category(category)
        if cat is None:
            raise ExpectedError(iom_annual.UnknownCategoryError, category)
        return int(nationality_frame().filter(category=cat)["total"].sum())

    def call() -> int:
        annex = iom_annual.as_published(category)
        assert annex.row(-1)[1] == "Total"
        return int(annex["Total"][-1])

    check(call, oracle)


@SETTINGS
@given(category=CATEGORY)
def test_women_share_by_nationality(category: Any) -> None:
    def oracle() -> tuple[int, int]:
        rows = want_rows(nationality_frame(), want_category(category), None)
        return int(rows["female"].sum()), int(rows["total"].sum())

    def call() -> tuple[int, int]:
        df = metrics.women_share_by_nationality(category)
        assert df["women_percent"].drop_nulls().is_between(0, 100).all()
        return int(df["female"].sum()), int(df["total"].sum())

    check(call, oracle)


@SETTINGS
@given(name=DATASET)
@example(name={})  # was a TypeError (unhashable)
def test_load(name: Any) -> None:
    def oracle() -> pl.DataFrame:
        if dataset_named(name) is not None:
            return snapshots()[str(dataset_named(name))]
        raise ExpectedError(iom_annual.UnknownDatasetError, name)

    got = check(lambda: iom_annual.load(name), oracle)
    if got is not None:
        scribble(got)
        check(lambda: iom_annual.load(name), oracle)


@settings(SETTINGS, max_examples=60)
@given(name=DATASET, format=FORMAT)
def test_export(name: Any, format: Any) -> None:
    def oracle() -> str:
        if not isinstance(format, str):  # issue 18: a wrong type is a TypeError
            raise ExpectedError(TypeError, format)
        if format.strip().casefold() not in iom_annual.FORMATS:  # any case (issue 18)
            raise ExpectedError(iom_annual.UnknownFormatError, format)
        if dataset_named(name) is None:
            raise ExpectedError(iom_annual.UnknownDatasetError, name)
        return "bytes"

    def call() -> str:
        data = iom_annual.export(name, format)
        assert isinstance(data, bytes) and data
        if format.strip().casefold() == "csv":
            want = snapshots()[str(dataset_named(name))]
            assert_frame_equal(pl.read_csv(data, schema=want.schema), want)
        return "bytes"

    try:
        check(call, oracle)
    except iom_annual.IomAnnualError as exc:  # an optional writer that is not installed
        assert "pip install" in str(exc), exc


# --- the command line ------------------------------------------------------------

TOKEN = st.one_of(
    st.sampled_from(["list", "show", "export", "summary", "describe", "cite", "--help", "-h", "--head",
                     "--format", "--columns", "--year", "--category", "--nationality", "--wide", "--force",
                     "--hxl", "-o", "x.csv", "year,total", "professional", "2021",
                     *iom_annual.FORMATS, "CSV", "0", "2", "-1", "x", *DATASETS]),
    noisy(DATASETS),
    st.integers(-3, 30).map(str),
    # no free text that starts with "-": argparse would take "--o" for --output
    st.text(max_size=12).filter(lambda t: not t.startswith("-")),
)


@settings(SETTINGS, max_examples=200)
@given(argv=st.lists(TOKEN, max_size=5))
@example(argv=["export", "staff_headcount", "--format", "parquet"])  # was SystemExit(1), not 2
@example(argv=["show", "nationalities_represented", "--head", "-1"])
def test_cli(argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Any,
             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        out, err = capsys.readouterr()
        assert exc.code in (0, 2), (argv, exc.code, err)
        if exc.code == 2:
            assert "usage: iom-annual" in err and "error:" in err, err
        else:
            assert "usage: iom-annual" in out
        return
    out, err = capsys.readouterr()
    assert status in (0, 1, 2), argv
    if status:  # one line, no traceback: 2 for usage, 1 for data or output problems
        assert err.startswith("error: ") and err.count("\n") == 1, err
    else:
        assert err == "" and out, (argv, err)


def test_cli_choices_are_the_library_definitions(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from iom_annual.cli import _parser

    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    choices = {(name, a.dest): a.choices for name, p in sub.choices.items() for a in p._actions
               if a.choices is not None}
    assert tuple(choices["export", "format"]) == iom_annual.FORMATS  # type: ignore[arg-type]
    assert tuple(choices["cite", "format"]) == iom_annual.CITATION_FORMATS  # type: ignore[arg-type]
    assert None not in choices["export", "format"]  # type: ignore[operator]
    assert main(["cite", "--format", "BibTeX"]) == 0 and "@techreport" in capsys.readouterr().out


# --- results are the caller's, under threads too ------------------------------------


def test_lists_and_models_belong_to_the_caller() -> None:
    listed = iom_annual.nationalities()
    listed.clear()
    assert iom_annual.nationalities() == names()
    records = iom_annual.staff_by_nationality("professional", as_models=True)
    with pytest.raises(TypeError):
        records[0].grades["P-3"] += 1000  # type: ignore[index]
    records.clear()
    again = iom_annual.staff_by_nationality("professional", as_models=True)
    assert [r.total for r in again] == nationality_frame().filter(category="professional")["total"].to_list()
    assert all(sum(r.grades.values()) == r.total for r in again)
    import pydantic

    for model, field in ((again[0], "total"), (iom_annual.headcount_records()[0], "total"),
                         (iom_annual.discrepancy_records()[0], "what")):
        with pytest.raises(pydantic.ValidationError):
            setattr(model, field, None)
        assert model.model_config.get("frozen") is True


def test_first_lookups_from_many_threads(fresh_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads racing on the nationality index and the filtered frames all see the right data."""
    from iom_annual._data import loader as _loader

    reads: list[str] = []
    original = _loader._frames.build

    def counting(name: str) -> pl.DataFrame:
        reads.append(name)
        return original(name)

    queries = ["Kenya", "lao", "ITA", "  philippines ", "Other", "Barbados"] * 2
    results: dict[int, tuple[pl.DataFrame, pl.DataFrame]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(queries))

    def work(i: int, query: str) -> None:
        try:
            barrier.wait()
            results[i] = (iom_annual.staff_by_nationality(nationality=query),
                          iom_annual.staff_by_grade("general_service", query, "g-4"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    monkeypatch.setattr(_loader._frames, "build", counting)
    threads = [threading.Thread(target=work, args=(i, q)) for i, q in enumerate(queries)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(reads) == ["staff_by_grade", "staff_by_nationality"]
    for i, query in enumerate(queries):
        got_by_nationality, got_by_grade = results[i]
        assert_frame_equal(got_by_nationality, want_rows(nationality_frame(), None, query))
        assert_frame_equal(got_by_grade, want_rows(by_grade(), "general_service", query)
                           .filter(pl.col("grade") == "G-4"))


# --- the narrative figures, citations and checks --------------------------------

THEME = arguments(st.deferred(lambda: noisy(themes())),
                  st.sampled_from(["WASH", "wahs", "dtm ", "operations"]))


@SETTINGS
@given(theme=THEME)
def test_key_figures(theme: Any) -> None:
    def oracle() -> pl.DataFrame:
        if theme is None:
            return figures()
        if isinstance(theme, str) and theme.strip().casefold() in themes():
            return figures().filter(pl.col("theme") == theme.strip().casefold())
        raise ExpectedError(iom_annual.UnknownThemeError, theme)

    got = check(lambda: iom_annual.key_figures(theme), oracle)
    if got is not None:
        scribble(got)
        check(lambda: iom_annual.key_figures(theme), oracle)


@SETTINGS
@given(figure_id=arguments(st.deferred(lambda: st.sampled_from(figure_ids())),
                           st.deferred(lambda: st.sampled_from([f"{i}x" for i in figure_ids()[:20]]
                                                               + ["wash", "wash."]))))
def test_figure(figure_id: Any) -> None:
    if not isinstance(figure_id, str):  # a wrong type: a TypeError, no close matches (issue 18)
        with pytest.raises(TypeError):
            iom_annual.figure(figure_id)
        return
    meant = figure_id.strip().casefold()  # any case (issue 18)
    if figure_id in figure_ids() or meant in figure_ids():
        fig = iom_annual.figure(figure_id)
        wanted = figure_id if figure_id in figure_ids() else meant
        row = figures().filter(pl.col("id") == wanted).row(0, named=True)
        assert (fig.value, fig.unit, fig.as_printed) == (row["value"], row["unit"], row["as_printed"])
        return
    if meant in {t.name for t in iom_annual.themes()}:  # a theme: how to list its figures
        with pytest.raises(iom_annual.UnknownMetricError, match="is a theme"):
            iom_annual.figure(figure_id)
        return
    with pytest.raises((iom_annual.UnknownThemeError, iom_annual.UnknownMetricError)) as info:
        iom_annual.figure(figure_id)
    assert "Valid options" in str(info.value)


@SETTINGS
@given(name=st.one_of(st.deferred(lambda: st.sampled_from(themes())),
                     TEXT.filter(lambda s: not s.startswith("_"))))
def test_theme_attributes(name: str) -> None:
    namespaces = {"operations": iom_annual.operations, "institution": iom_annual.institution}
    owner = {t.name: t.namespace for t in iom_annual.themes()}
    if name in owner:
        assert all(f.theme == name for f in getattr(namespaces[owner[name]], name).figures())
        return
    if name == "figures":  # the namespaces' one public method
        return
    for ns in namespaces.values():
        with pytest.raises(iom_annual.UnknownThemeError):
            getattr(ns, name)
        assert not hasattr(ns, name)


@SETTINGS
@given(fmt=arguments(st.sampled_from(list(iom_annual.CITATION_FORMATS))))
def test_cite(fmt: Any) -> None:
    if not isinstance(fmt, str):  # issue 18: a wrong type is a TypeError
        with pytest.raises(TypeError):
            iom_annual.cite(fmt)
    elif fmt.strip().casefold() in iom_annual.CITATION_FORMATS:  # any case (issue 18)
        assert "C/113/INF/1/Rev.1" in iom_annual.cite(fmt)
    else:
        with pytest.raises(iom_annual.InvalidArgumentError):
            iom_annual.cite(fmt)


def test_verify_on_a_folder_that_is_not_data(tmp_path: Any) -> None:
    report = iom_annual.verify(tmp_path)  # a failed check, not an exception
    assert not report.ok and report.failures[0].name == "sha256 manifest.json"
    assert "cannot be read" in report.failures[0].detail
