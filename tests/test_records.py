"""Records and metadata objects: immutable, strict, picklable errors, short displays."""

from __future__ import annotations

import copy
import inspect
import pickle
import threading
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import polars as pl
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iom_annual
from iom_annual import metrics
from iom_annual._core import errors as _errors
from iom_annual._core.cache import Recent
from iom_annual._staff import tables as _staff

# --- errors survive pickling (multiprocessing, concurrent.futures) -------------------


def _error_classes() -> list[type[iom_annual.IomAnnualError]]:
    public = [getattr(iom_annual, n) for n in iom_annual.__all__ if n[0].isupper()]
    private = [c for _, c in inspect.getmembers(_errors, inspect.isclass)]
    found = {c for c in [*public, *private]
             if isinstance(c, type) and issubclass(c, iom_annual.IomAnnualError)}
    return sorted(found, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_every_error_round_trips_through_pickle(cls: type[iom_annual.IomAnnualError]) -> None:
    if issubclass(cls, iom_annual.InvalidArgumentError):
        error: Exception = cls("staf_by_grade", ["staff_by_grade", "staff_headcount"])
    else:
        # one text per required argument: errors such as DataIntegrityError take (file, problem)
        init = cls.__init__ if "__init__" in vars(cls) else None
        params = list(inspect.signature(init).parameters.values())[1:] if init else []
        required = [p for p in params
                    if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
        error = cls(*(f"text {i}: pip install pandas" for i in range(max(len(required), 1))))
    error.note = "set by a caller"  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert str(again) == str(error) and again.args == error.args
    assert vars(again) == vars(error)


def test_a_reworded_error_keeps_its_words_through_pickle() -> None:
    with pytest.raises(iom_annual.UnknownNationalityError) as info:
        iom_annual.nationality_staff("Barbados", "professional")
    again = pickle.loads(pickle.dumps(info.value))
    assert "has no professional row in Annex III" in str(again)
    assert again.options == info.value.options and again.value == "Barbados"


def test_errors_cross_a_process_pool() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(iom_annual.dataset, "staff_by_nationalty")
        with pytest.raises(iom_annual.UnknownDatasetError) as info:
            future.result()
    assert info.value.suggestions[0] == "staff_by_nationality"


# --- registry objects cannot be corrupted for the next caller --------------------------


def test_metadata_cannot_be_changed_for_the_next_caller() -> None:
    from iom_annual._data.registry import manifest

    meta = iom_annual.dataset("staff_by_grade")
    theme = iom_annual.themes()[0]
    entry = manifest()[meta.file]
    # Not even object.__setattr__ changes a record, nor adds an attribute to one.
    for record, name in [(meta, "title"), (meta.columns[0], "name"), (meta.edition, "symbol"),
                         (meta, "columns"), (theme, "title"), (entry, "sha256"), (meta, "extra")]:
        with pytest.raises(AttributeError):
            setattr(record, name, "changed")
        with pytest.raises(AttributeError):
            object.__setattr__(record, name, "changed")
    assert meta.title != "changed" and meta.columns[0].name == "nationality"
    listing = iom_annual.datasets()
    listing.clear()  # a plain list, the caller's own
    fresh = iom_annual.dataset("staff_by_grade")
    assert fresh == meta and fresh.edition.symbol == iom_annual.edition().symbol == "C/113/INF/1/Rev.1"
    assert iom_annual.themes()[0] == theme
    assert iom_annual.datasets()[0].name == "staff_by_nationality"
    assert all(isinstance(c.allowed_values, (tuple, type(None))) for c in fresh.columns)
    assert manifest()[fresh.file] == entry


def test_metadata_records_compare_within_their_class_and_survive_pickling() -> None:
    meta = iom_annual.dataset("staff_by_grade")
    assert meta != tuple(meta) and tuple(meta) != meta  # a record is not a bare tuple of its values
    assert iom_annual.Column("a", "string", "x") != iom_annual.Column("a", "string", "x", unit="staff")
    with pytest.raises(TypeError, match="no order"):
        sorted(iom_annual.datasets())
    for record in (meta, meta.columns[0], meta.edition, iom_annual.themes()[0]):
        assert pickle.loads(pickle.dumps(record)) == record
        assert copy.deepcopy(record) == record and type(copy.copy(record)) is type(record)


def test_metadata_records_are_built_by_field_name_with_defaults() -> None:
    column = iom_annual.Column(name="staff", type="integer", description="Headcount.")
    assert (column.unit, column.allowed_values, column.required, column.hxl) == (None, None, True, None)
    assert column == iom_annual.Column("staff", "integer", "Headcount.", None, None, True, None)
    with pytest.raises(TypeError, match="description"):
        iom_annual.Column("staff", "integer")
    with pytest.raises(TypeError, match="colour"):
        iom_annual.Column("staff", "integer", "Headcount.", colour="red")
    with pytest.raises(TypeError, match="at most 7"):
        iom_annual.Column(*"abcdefgh")


def test_metadata_objects_are_equal_and_hashable() -> None:
    assert iom_annual.dataset("staff_by_grade") == iom_annual.dataset("staff_by_grade")
    assert len({iom_annual.dataset("staff_by_grade"), iom_annual.dataset("staff_by_grade")}) == 1


def test_dataset_names_in_any_case() -> None:
    for asked in ("STAFF_BY_GRADE", "Staff_By_Grade", " staff_by_grade "):
        assert iom_annual.dataset(asked).name == "staff_by_grade"
        assert iom_annual.load(asked).equals(iom_annual.load("staff_by_grade"))
    with pytest.raises(iom_annual.UnknownDatasetError):
        iom_annual.dataset("staff by grade")


def test_unknown_column_names_close_matches() -> None:
    meta = iom_annual.dataset("staff_by_grade")
    with pytest.raises(iom_annual.UnknownColumnError) as info:
        meta.column("grde")
    assert info.value.suggestions[0] == "grade"
    assert set(info.value.options) == {c.name for c in meta.columns}
    assert isinstance(info.value, KeyError) and isinstance(info.value, iom_annual.IomAnnualError)
    assert str(info.value).startswith("unknown column 'grde'")  # not quoted like a KeyError


def test_first_registry_reads_from_many_threads(fresh_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from iom_annual._data import registry as _registry

    builds = []
    original = _registry._registry.build

    def counting() -> object:
        builds.append(1)
        return original()

    monkeypatch.setattr(_registry._registry, "build", counting)
    barrier = threading.Barrier(8)
    seen: list[list[str]] = []

    def work() -> None:
        barrier.wait()
        seen.append([d.name for d in iom_annual.datasets()])

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert seen == [list(_registry.dataset_names())] * 8


# --- displays ------------------------------------------------------------------------


def _displayed() -> list[object]:
    meta = iom_annual.dataset("professional_women_by_grade")
    return [meta, meta.column("grade"), meta.edition, iom_annual.themes()[0],
            iom_annual.nationality_staff("Lao People's Democratic Republic", "professional"),
            iom_annual.headcount_records()[0], *iom_annual.discrepancy_records()]


def test_records_show_on_one_short_line() -> None:
    for obj in _displayed():
        text = repr(obj)
        assert "\n" not in text and len(text) <= 200, text
        assert text.startswith(type(obj).__name__ + "("), text
        assert str(obj) == text


def test_records_show_their_key_values() -> None:
    assert repr(iom_annual.nationality_staff("KEN", "professional")) == (
        "NationalityStaff('Kenya', KEN, professional: 115 staff, 42 women, 73 men)")
    assert "'staff_by_grade'" in repr(iom_annual.dataset("staff_by_grade"))
    assert "1995" in repr(iom_annual.headcount_records()[0])


def test_html_displays_are_escaped_tables() -> None:
    for obj in _displayed():
        out = obj._repr_html_()  # type: ignore[attr-defined]
        assert out.startswith("<table") and "<script" not in out
    bad = iom_annual.Discrepancy(id="x", kind="naming", what="<script>alert(1)</script>", where_a="a",
                                 value_a="1", where_b="b", value_b="2")
    assert "&lt;script&gt;" in bad._repr_html_() and "<script>" not in bad._repr_html_()


def test_dataset_listing_is_compact_and_still_a_list() -> None:
    listing = iom_annual.datasets()
    assert isinstance(listing, list) and all(isinstance(d, iom_annual.Dataset) for d in listing)
    text = repr(listing)
    assert len(text) < 2_000, len(text)
    assert text.splitlines()[0] == f"<{len(listing)} datasets>"
    assert all(d.name in text for d in listing)
    html = listing._repr_html_()
    assert html.count("<tr>") == len(listing) + 1


# --- strict, deeply immutable, hashable staff records ---------------------------------


def _kenya() -> dict[str, Any]:
    return iom_annual.nationality_staff("Kenya", "professional").model_dump()


def test_grade_counts_cannot_be_changed_through_the_record() -> None:
    rec = iom_annual.nationality_staff("Kenya", "professional")
    with pytest.raises(TypeError):
        rec.grades["P-3"] = 0  # type: ignore[index]
    with pytest.raises(AttributeError):
        rec.grades._items = ()  # type: ignore[attr-defined]
    assert rec.grades["P-3"] == 35 and dict(rec.grades)["P-3"] == 35
    assert len({rec, iom_annual.nationality_staff("KEN", "professional")}) == 1
    assert hash(iom_annual.headcount_records()[0]) == hash(iom_annual.headcount_records()[0])
    assert len(set(iom_annual.discrepancy_records())) == len(iom_annual.discrepancy_records())


def test_records_pickle_and_copy() -> None:
    import copy

    for obj in [iom_annual.nationality_staff("Kenya", "professional"), iom_annual.headcount_records()[0],
                iom_annual.discrepancy_records()[0], iom_annual.dataset("staff_by_grade"),
                iom_annual.datasets()]:
        assert pickle.loads(pickle.dumps(obj)) == obj
        assert copy.deepcopy(obj) == obj and copy.copy(obj) == obj


def test_records_round_trip_through_dump_and_json() -> None:
    rec = iom_annual.nationality_staff("Kenya", "professional")
    assert iom_annual.NationalityStaff(**rec.model_dump()) == rec
    assert iom_annual.NationalityStaff.model_validate_json(rec.model_dump_json()) == rec
    assert type(rec.model_dump()["grades"]) is dict


@pytest.mark.parametrize(("field", "bad"), [
    ("nationality", ""), ("nationality", "   "), ("iso3", "ken"), ("iso3", "KE"), ("iso3", "KENY"),
    ("iso3", ""), ("total", True), ("total", "115"), ("total", 115.0), ("member_state", 1),
    ("category", "Professional"),
])
def test_nationality_records_are_strict(field: str, bad: object) -> None:
    data = _kenya()
    data[field] = bad
    with pytest.raises(pydantic.ValidationError):
        iom_annual.NationalityStaff(**data)


def test_grade_counts_are_strict() -> None:
    for grades in ({**_kenya()["grades"], "P-3": True}, {**_kenya()["grades"], "P-3": "35"}):
        with pytest.raises(pydantic.ValidationError):
            iom_annual.NationalityStaff(**{**_kenya(), "grades": grades})


@pytest.mark.parametrize("year", [1994, 2000, 2022, True])
def test_headcount_years_are_those_printed(year: object) -> None:
    good = iom_annual.headcount_records()[-1].model_dump()
    with pytest.raises(pydantic.ValidationError):
        iom_annual.HeadcountYear(**{**good, "year": year})


def test_discrepancies_need_their_texts() -> None:
    good = iom_annual.discrepancy_records()[0].model_dump()
    for field in ("id", "what", "value_a"):
        with pytest.raises(pydantic.ValidationError):
            iom_annual.Discrepancy(**{**good, field: " "})


# --- the cache of filtered frames is bounded and thread-safe ---------------------------


def test_filtered_frames_cache_keeps_the_most_recent() -> None:
    recent: Recent[tuple[str, None, None, tuple[str]], pl.DataFrame] = Recent(2)
    frames = [pl.DataFrame({"a": [i]}) for i in range(3)]
    keys = [("d", None, None, (str(i),)) for i in range(3)]
    recent.put(keys[0], frames[0])
    recent.put(keys[1], frames[1])
    assert recent.get(keys[0]) is frames[0]  # now the most recent
    recent.put(keys[2], frames[2])
    assert recent.get(keys[1]) is None and recent.get(keys[0]) is frames[0] and len(recent) == 2


def test_filtered_frames_cache_stays_bounded_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_staff._selected, "size", 10)
    cells = iom_annual.load("staff_by_grade").filter(category="professional", grade="P-3")
    for nationality, iso3, staff in cells.select("nationality", "iso3", "staff").rows()[:40]:
        got = iom_annual.staff_by_grade("professional", iso3 or nationality, "P-3")
        assert got["staff"].to_list() == [staff]
        assert len(_staff._selected) <= 10


# --- round_half_up --------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (48.5, 49), (12.36, 12), (-0.5, -1), (2.5, 3), (0.285 * 100, 28), (7, 7),
    (np.float64(48.5), 49), (np.float32(2.5), 3), (np.int64(3), 3), (Fraction(97, 2), 49),
    (Fraction(-5, 2), -3), (Decimal("2.5"), 3), (Decimal("-2.45"), -2),
])
def test_round_half_up_takes_any_real_number(value: Any, expected: int) -> None:
    got = metrics.round_half_up(value)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("value", [True, np.bool_(True), "1", None, 1j, [1]])
def test_round_half_up_rejects_what_is_not_a_real_number(value: Any) -> None:
    with pytest.raises(TypeError):
        metrics.round_half_up(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_round_half_up_rejects_what_is_not_finite(value: Any) -> None:
    with pytest.raises(ValueError, match="finite"):
        metrics.round_half_up(value)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-10**6, 10**6).map(lambda i: i / 2),  # exact halves
    st.tuples(st.integers(0, 5000), st.integers(1, 5000)).map(lambda t: t[0] * 100 / t[1]),  # shares
), min_size=1, max_size=30))
def test_the_polars_rounding_agrees_with_round_half_up(values: list[float]) -> None:
    got = pl.DataFrame({"v": values}, schema={"v": pl.Float64}).select(metrics._round_half_up("v"))
    assert got["v"].to_list() == [metrics.round_half_up(v) for v in values]
