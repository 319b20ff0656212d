"""The public accessors: filters, errors, records, and results the caller owns."""

from __future__ import annotations

import threading

import polars as pl
import pydantic
import pytest

import iom_annual


def test_staff_by_nationality_shape() -> None:
    df = iom_annual.staff_by_nationality()
    assert {"nationality", "iso3", "member_state", "category", "total", "female", "male"} <= set(df.columns)
    assert df.filter(category="general_service").height == 188  # Annex II rows
    assert df.filter(category="professional").height == 187  # Annex III rows (no Barbados)


@pytest.mark.parametrize("query", ["Kenya", "kenya", "KEN", "ken", "  Kenya  "])
def test_nationality_by_name_or_code(query: str) -> None:
    df = iom_annual.staff_by_nationality("professional", query)
    assert df.select("nationality", "total").rows() == [("Kenya", 115)]


def test_both_spellings_of_one_nationality_match() -> None:
    for spelling in ("Lao People's Democratic Republic", "Lao People’s Democratic Republic", "LAO"):
        df = iom_annual.staff_by_nationality(nationality=spelling)
        assert sorted(df["category"].to_list()) == ["general_service", "professional"]


def test_other_has_no_code() -> None:
    df = iom_annual.staff_by_nationality(nationality="other")
    assert df["iso3"].null_count() == 2
    assert df["total"].to_list() == [42, 3]


def test_staff_by_grade_is_complete() -> None:
    df = iom_annual.staff_by_grade()
    assert df.height == 188 * 15 + 187 * 10
    assert df.filter(nationality="Iceland")["staff"].sum() == 0
    ug = iom_annual.staff_by_grade(grade="ug")
    assert set(ug["category"]) == {"general_service", "professional"}


@pytest.mark.parametrize(("call", "error", "hint"), [
    (lambda: iom_annual.staff_by_nationality("profesional"), iom_annual.UnknownCategoryError,
     "professional"),
    (lambda: iom_annual.staff_by_nationality(nationality="Keyna"), iom_annual.UnknownNationalityError,
     "Kenya"),
    (lambda: iom_annual.staff_by_grade("professional", grade="G-4"), iom_annual.UnknownGradeError,
     "P-4"),
    (lambda: iom_annual.staff_by_grade("general_service", grade="P-4"), iom_annual.UnknownGradeError,
     "G-4"),
    (lambda: iom_annual.load("staf_headcount"), iom_annual.UnknownDatasetError, "staff_headcount"),
])
def test_errors_name_close_matches(call: object, error: type[Exception], hint: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert hint in str(info.value)
    assert isinstance(info.value, iom_annual.IomAnnualError)
    assert isinstance(info.value, ValueError)


def test_models_are_validated_and_frozen() -> None:
    rec = iom_annual.nationality_staff("Kenya", "professional")
    assert isinstance(rec, iom_annual.NationalityStaff)
    with pytest.raises(pydantic.ValidationError):
        rec.total = 1  # type: ignore[misc]
    data = rec.model_dump()
    data["female"] += 1
    with pytest.raises(pydantic.ValidationError, match="female"):
        iom_annual.NationalityStaff(**data)
    data = rec.model_dump()
    data["grades"]["P-3"] += 1
    with pytest.raises(pydantic.ValidationError, match="grades sum"):
        iom_annual.NationalityStaff(**data)


def test_headcount_records_add_up() -> None:
    years = [r.year for r in iom_annual.headcount_records()]
    assert years == [1995, 2005, 2017, 2018, 2019, 2020, 2021]
    with pytest.raises(pydantic.ValidationError):
        iom_annual.HeadcountYear(year=2021, international_professional=1, general_service=1, total=3,
                                 professional_percent=33)


def test_results_belong_to_the_caller() -> None:
    df = iom_annual.staff_by_nationality()
    df[0, "total"] = -1
    df = df.with_columns(pl.lit(0).alias("total"))
    assert iom_annual.staff_by_nationality()["total"].min() == 0
    assert iom_annual.staff_by_nationality()[0, "total"] != -1
    rec = iom_annual.nationality_staff("Kenya", "professional")
    with pytest.raises(TypeError):
        rec.grades["P-3"] = 999  # type: ignore[index]
    assert iom_annual.nationality_staff("Kenya", "professional").grades["P-3"] == 35
    listing = iom_annual.datasets()
    listing.clear()
    assert iom_annual.datasets()


def test_first_use_from_many_threads(fresh_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from iom_annual._data import loader as _loader

    reads = []
    original = _loader._frames.build

    def counting(name: str) -> pl.DataFrame:
        reads.append(name)
        return original(name)

    monkeypatch.setattr(_loader._frames, "build", counting)
    results: list[int] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(iom_annual.load("staff_by_grade")["staff"].sum())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert reads == ["staff_by_grade"]
    assert results == [15405 + 2359] * 8


def test_every_dataset_loads_by_name() -> None:
    for meta in iom_annual.datasets():
        assert iom_annual.load(meta.name).height > 0


def test_grades_per_category() -> None:
    assert iom_annual.grades("general_service")[-1] == "UG"
    with pytest.raises(iom_annual.UnknownCategoryError):
        iom_annual.grades("national_officer")  # type: ignore[arg-type]
