"""Data package, countries, global South, HXL, exports, as-published view, verify, cite."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from importlib import resources
from pathlib import Path

import polars as pl
import pytest

import iom_annual
from iom_annual import metrics
from iom_annual._data.registry import data_file


def _package() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(data_file("datapackage.json"))
    return loaded


def test_datapackage_describes_every_file() -> None:
    package = _package()
    resources_ = {r["name"]: r for r in package["resources"]}  # type: ignore[attr-defined]
    assert set(resources_) == {d.name for d in iom_annual.datasets()}
    assert package["version"] == iom_annual.__version__
    for meta in iom_annual.datasets():
        res = resources_[meta.name]
        raw = data_file(meta.file)
        assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert res["bytes"] == len(raw)
        assert [f["name"] for f in res["schema"]["fields"]] == [c.name for c in meta.columns]
        assert res["schema"]["primaryKey"] == list(meta.primary_key)
        assert all(f["hxl"].startswith("#") for f in res["schema"]["fields"])


def test_frictionless_validates_the_package() -> None:
    frictionless = pytest.importorskip("frictionless")
    path = Path(str(resources.files("iom_annual") / "data" / "datapackage.json"))
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_foreign_keys_resolve() -> None:
    codes = set(iom_annual.load("countries")["iso3"])
    for name in ("staff_by_nationality", "staff_by_grade"):
        staff = iom_annual.load(name)
        assert set(staff["iso3"].drop_nulls()) <= codes
        assert set(staff.filter(pl.col("iso3").is_null())["nationality"]) == {"Other"}


def test_countries_dataset() -> None:
    c = iom_annual.load("countries")
    # 188 Annex II names, less 'Other'; Annex III's other spelling of Lao is an alias
    assert c.height == 187 == c["iso3"].n_unique()
    assert c["m49"].str.len_chars().eq(3).all()
    assert set(c["region"]) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert c.filter("oecd_dac_2021").height == 29
    assert c.filter(iso3="KEN").row(0, named=True)["m49"] == "404"
    lao = c.filter(iso3="LAO").row(0, named=True)
    assert {lao["name"], lao["aliases"]} == {"Lao People's Democratic Republic",
                                            "Lao People’s Democratic Republic"}
    # every named staff row's code is a country, and the staff tables print no name the table lacks
    staff = iom_annual.staff_by_nationality().select("nationality", "iso3").unique().drop_nulls()
    spellings = {s for n, a in c.select("name", "aliases").rows() for s in [n, *(a or "").split("; ")] if s}
    assert set(staff["nationality"]) <= spellings
    assert set(staff["iso3"]) == set(c["iso3"])
    assert c.filter("member_state").height == 174


def test_global_south_reproduces_paragraph_153() -> None:
    row = metrics.global_south_share().row(0, named=True)
    assert row["published"] == 82  # paragraph 153
    assert row["agrees"]
    assert 82 <= row["percent_low"] <= row["percent_high"] < 82.5


def test_member_states_represented_reproduces_paragraph_153() -> None:
    row = metrics.member_states_represented().row(0, named=True)
    assert (row["represented"], row["member_states"], row["published"]) == (134, 174, 77)
    assert row["agrees"]


def test_nationality_counts_agree_or_are_recorded() -> None:
    counts = {r["scope"]: r for r in metrics.nationality_counts().iter_rows(named=True)}
    assert counts["p4_and_above"]["agrees"]
    recorded = set(iom_annual.discrepancies()["id"])
    for scope, id_ in (("workforce", "paragraph_153_all_nationalities"),
                       ("professional", "paragraph_153_professional_nationalities")):
        assert not counts[scope]["agrees"] and counts[scope]["possible"]
        assert id_ in recorded
    assert (counts["workforce"]["named"], counts["workforce"]["published"]) == (170, 177)


def test_every_column_has_an_hxl_tag() -> None:
    for meta in iom_annual.datasets():
        for column in meta.columns:
            assert column.hxl and column.hxl.startswith("#"), (meta.name, column.name)


def test_hxl_csv_export() -> None:
    lines = iom_annual.export("staff_by_nationality", "csv", hxl=True).decode().splitlines()  # type: ignore[union-attr]
    assert lines[1].split(",")[:2] == ["#country+name", "#country+code+v_iso3"]
    assert len(lines) == iom_annual.load("staff_by_nationality").height + 2


def test_parquet_opens_in_duckdb_and_pandas(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "grade.parquet"
    iom_annual.export("staff_by_grade", "parquet", path)
    (total,) = duckdb.sql(f"select sum(staff) from '{path}' where category = 'professional'").fetchall()[0]
    assert total == 2359
    df = pd.read_parquet(path)
    assert int(df.loc[(df.nationality == "Kenya") & (df.grade == "P-3"), "staff"].iloc[0]) == 35
    field = pq.read_schema(path).field("staff")
    assert field.metadata[b"unit"] == b"staff"
    assert b"Staff of this nationality" in field.metadata[b"description"]


def test_json_and_excel_exports(tmp_path: Path) -> None:
    rows = json.loads(iom_annual.export("staff_headcount", "json"))  # type: ignore[arg-type]
    assert rows[0] == {"year": 1995, "international_professional": 222, "general_service": 1434,
                       "total": 1656, "professional_percent": 13}
    pytest.importorskip("xlsxwriter")
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "h.xlsx"
    iom_annual.export("staff_headcount", "xlsx", path)
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[8]] == [2021, 2356, 15405, 17761, 13]


def test_pandas_and_arrow() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    df = iom_annual.to_pandas("staff_headcount")
    assert df["total"].tolist()[-1] == 17761
    df.loc[0, "total"] = -1
    assert iom_annual.load("staff_headcount")["total"][0] == 1656
    table = iom_annual.to_arrow("countries")
    assert table.schema.field("m49").metadata[b"hxl"] == b"#country+code+v_m49"


def test_missing_optional_dependency_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    with pytest.raises(iom_annual.MissingDependencyError, match=r"python -m pip install pyarrow$"):
        iom_annual.to_arrow("staff_headcount")
    # Parquet still works without pyarrow, keeping the metadata at file level
    data = iom_annual.export("staff_headcount", "parquet")
    assert pl.read_parquet(io.BytesIO(data))["total"][-1] == 17761  # type: ignore[arg-type]


@pytest.mark.parametrize("category", ["general_service", "professional"])
def test_as_published_layout(category: str) -> None:
    annex = iom_annual.as_published(category)
    grades = list(iom_annual.grades(category))  # type: ignore[arg-type]
    assert annex.columns == ["block", "nationality", *grades, "Total", "F", "M"]
    body, total = annex[:-1], annex.row(-1, named=True)
    assert total["nationality"] == "Total"
    for column in [*grades, "Total", "F", "M"]:
        assert body[column].sum() == total[column], column
    assert body["block"].to_list()[0] == "Member States"
    assert body.filter(pl.col("block") != "Member States")["nationality"].to_list()[-1] == "Other"


def test_verify_passes_on_the_installed_data() -> None:
    report = iom_annual.verify()
    assert report.ok, str(report)
    assert len(report.checks) >= len(iom_annual.datasets()) + 10


def test_verify_catches_tampering(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("iom_annual") / "data")), data)
    assert iom_annual.verify(data).ok
    path = data / "staff_by_grade.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Kenya,KEN,true,professional,P-3,35", "Kenya,KEN,true,professional,P-3,36"),
                    encoding="utf-8")
    report = iom_annual.verify(data)
    failed = {c.name for c in report.failures}
    assert "sha256 staff_by_grade.csv" in failed
    assert "rows: grades and F + M add up to Total" in failed
    assert any(name.startswith("columns: Annex III") for name in failed)
    assert "FAIL" in str(report)


@pytest.mark.parametrize("fmt", ["text", "bibtex", "csl-json"])
def test_cite(fmt: str) -> None:
    text = iom_annual.cite(fmt)
    assert "C/113/INF/1/Rev.1" in text and iom_annual.__version__ in text
    if fmt == "csl-json":
        items = json.loads(text)
        assert [i["type"] for i in items] == ["report", "software"]
    if fmt == "bibtex":
        assert text.count("@") == 2 and text.count("{") == text.count("}")
    with pytest.raises(iom_annual.InvalidArgumentError):
        iom_annual.cite("apa")
