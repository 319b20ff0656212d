"""The metadata registry describes every bundled file exactly (one test per dataset)."""

from __future__ import annotations

import csv
import hashlib
import io
from importlib import resources

import polars as pl
import pytest

import iom_annual
from iom_annual._data.registry import data_file, manifest

NAMES = [d.name for d in iom_annual.datasets()]


def _raw(name: str) -> bytes:
    return data_file(iom_annual.dataset(name).file)


def test_every_data_file_is_registered() -> None:
    bundled = {p.name for p in (resources.files("iom_annual") / "data").iterdir()
               if p.name.endswith(".csv")}
    assert bundled == {d.file for d in iom_annual.datasets()}


def test_names_are_unique_and_snake_case() -> None:
    assert len(NAMES) == len(set(NAMES))
    assert all(n.isidentifier() and n.lower() == n for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_complete(name: str) -> None:
    meta = iom_annual.dataset(name)
    assert meta.title and meta.description and meta.source
    assert meta.edition.symbol == "C/113/INF/1/Rev.1" and meta.edition.year == 2021
    assert set(meta.primary_key) <= {c.name for c in meta.columns}
    for column in meta.columns:
        assert column.description, column.name
        assert column.type in ("string", "integer", "number", "boolean", "list")


@pytest.mark.parametrize("name", NAMES)
def test_file_matches_schema(name: str) -> None:
    meta = iom_annual.dataset(name)
    raw = _raw(name)
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert header == [c.name for c in meta.columns]
    df = iom_annual.load(name)
    types = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
             "list": pl.List(pl.String)}
    assert df.schema == pl.Schema({c.name: types[c.type] for c in meta.columns})
    assert df.height > 0
    for column in meta.columns:
        if column.required:
            assert df[column.name].null_count() == 0, column.name
        if column.allowed_values is not None:
            seen = set(df[column.name].drop_nulls().to_list())
            assert seen <= set(column.allowed_values), (column.name, seen - set(column.allowed_values))
    assert df.select(meta.primary_key).is_duplicated().sum() == 0


@pytest.mark.parametrize("name", NAMES)
def test_manifest_records_each_file(name: str) -> None:
    meta = iom_annual.dataset(name)
    raw = _raw(name)
    record = manifest()[meta.file]
    assert record.sha256 == hashlib.sha256(raw).hexdigest()
    assert record.bytes == len(raw)
    assert record.rows == iom_annual.load(name).height


def test_unknown_dataset_names_close_matches() -> None:
    with pytest.raises(iom_annual.UnknownDatasetError) as info:
        iom_annual.load("staff_by_nationalty")
    assert info.value.suggestions[0] == "staff_by_nationality"
    assert "staff_by_nationality" in str(info.value)
    assert set(info.value.options) == set(NAMES)


def test_dataset_finds_a_name_in_any_case() -> None:
    # typed DatasetName for callers' type checkers; at run time case and surrounding spaces do not matter
    assert iom_annual.dataset(" Staff_Headcount ").name == "staff_headcount"  # type: ignore[arg-type]
    with pytest.raises(iom_annual.UnknownDatasetError, match="staff_headcount"):
        iom_annual.dataset("staff_headcont")  # type: ignore[arg-type]


@pytest.mark.parametrize("file", ["datasets.json", "manifest.json"])
@pytest.mark.parametrize(("content", "problem"), [
    (None, "is missing"), (b"{", "changed: sha256"), (b"[]", "changed: sha256"),
    (b'{"files": {"a.csv": {}}, "datasets": []}', "changed: sha256"),
])
def test_a_damaged_registry_file_is_a_data_integrity_error(file: str, content: bytes | None, problem: str,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          fresh_caches: None) -> None:
    from iom_annual._data import registry as _registry

    real = _registry.data_file

    def damaged(name: str) -> bytes:
        if name != file:
            return real(name)
        if content is None:
            raise FileNotFoundError(name)
        return content

    monkeypatch.setattr(_registry, "data_file", damaged)
    with pytest.raises(iom_annual.DataIntegrityError) as info:
        iom_annual.datasets() if file == "datasets.json" else manifest()
    # Damaged bytes are caught by their recorded hash before they are parsed (issue 18).
    assert info.value.file == file and info.value.problem.startswith(problem), info.value.problem
    assert "iom-annual verify" in str(info.value)
