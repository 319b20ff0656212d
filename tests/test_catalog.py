"""catalog() and columns(): checked against the data they describe."""

from __future__ import annotations

import functools

import polars as pl
import pytest

import iom_annual

DATASETS = iom_annual.datasets()


@functools.cache
def frames() -> dict[str, pl.DataFrame]:
    """Every dataset, read on first use (not at import: a loader bug fails tests, not collection)."""
    return {d.name: iom_annual.load(d.name) for d in DATASETS}


DTYPES = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
          "list": pl.List(pl.String)}


def test_catalog_has_one_row_per_dataset_with_its_real_size() -> None:
    catalog = iom_annual.catalog()
    assert catalog.columns == ["name", "title", "description", "rows", "columns", "primary_key", "source",
                               "citation"]
    assert catalog["name"].to_list() == [d.name for d in DATASETS]
    for row in catalog.iter_rows(named=True):
        frame = frames()[row["name"]]
        assert (row["rows"], row["columns"]) == frame.shape
        meta = iom_annual.dataset(row["name"])
        assert row["citation"] == meta.citation and meta.source in row["citation"]
        key = row["primary_key"].split(", ")
        assert frame.select(key).is_unique().all(), row["name"]


def test_columns_describe_every_column_of_every_dataset() -> None:
    every = iom_annual.columns()
    assert every.columns == ["dataset", "column", "type", "unit", "description", "hxl", "key", "required"]
    assert every.height == sum(frame.width for frame in frames().values())
    for name, frame in frames().items():
        mine = every.filter(dataset=name)
        assert mine["column"].to_list() == frame.columns
        for column, type_, required in mine.select("column", "type", "required").iter_rows():
            assert frame.schema[column] == DTYPES[type_], (name, column)
            if required:
                assert frame[column].null_count() == 0, (name, column)
    assert every["description"].str.len_chars().min() > 0  # type: ignore[operator]
    assert every.filter(pl.col("hxl").is_not_null())["hxl"].str.starts_with("#").all()


def test_key_columns_are_the_primary_key() -> None:
    every = iom_annual.columns()
    for meta in DATASETS:
        assert every.filter(dataset=meta.name, key=True)["column"].to_list() == [
            c for c in frames()[meta.name].columns if c in meta.primary_key]


def test_columns_of_one_dataset() -> None:
    one = iom_annual.columns("staff_headcount")
    assert set(one["dataset"]) == {"staff_headcount"}
    assert one["column"].to_list() == frames()["staff_headcount"].columns


@pytest.mark.parametrize("bad", ["staf_headcount", "", "STAFF HEADCOUNT", 3])
def test_columns_of_an_unknown_dataset(bad: object) -> None:
    with pytest.raises(iom_annual.UnknownDatasetError, match="Valid options"):
        iom_annual.columns(bad)  # type: ignore[arg-type]


def test_frames_belong_to_the_caller() -> None:
    first = iom_annual.catalog()
    first[0, "rows"] = -1
    assert iom_annual.catalog()[0, "rows"] != -1
    cols = iom_annual.columns()
    cols[0, "column"] = "changed"
    assert iom_annual.columns()[0, "column"] != "changed"
