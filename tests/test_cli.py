"""The command line, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import polars as pl
import pytest

from iom_annual.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iom_annual", *args], capture_output=True,
                          text=True, check=False, timeout=120)


def test_list_names_every_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for meta in iom_annual.datasets():
        assert meta.name in out


def test_summary_shows_headline_figures() -> None:
    result = run("summary")
    assert result.returncode == 0, result.stderr
    assert "17,761" in result.stdout and "2,356" in result.stdout and "15,405" in result.stdout


def test_show_head(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "staff_headcount", "--head", "2"]) == 0
    out = capsys.readouterr().out
    assert "1995" in out and "2005" in out and "2017" not in out


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_round_trip(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    assert main(["export", "staff_headcount", "--format", fmt, "-o", str(out)]) == 0
    read = {"csv": pl.read_csv, "json": pl.read_json, "parquet": pl.read_parquet}[fmt]
    assert read(out)["total"].to_list()[-1] == 17761


def test_export_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "nationalities_represented", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["total_nationalities"] == 143


@pytest.mark.parametrize("args", [["show", "staf"], ["export", "nope", "--format", "csv"]])
def test_errors_are_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: unknown dataset")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["list", "show", "export", "summary"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0 and "usage: iom-annual" in result.stdout


def test_listing_needs_no_dataframe_library() -> None:
    code = ("import sys; from iom_annual.cli import main; main(['list']); "
            "assert 'polars' not in sys.modules and 'pydantic' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_verify_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil
    from importlib import resources
    from pathlib import Path

    assert main(["verify"]) == 0
    assert " 0 failed" in capsys.readouterr().out
    data = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("iom_annual") / "data")), data)
    path = data / "printed_totals.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("G-1,245", "G-1,246"), encoding="utf-8")
    assert main(["verify", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  sha256 printed_totals.csv" in out and "FAIL  columns: Annex II" in out


@pytest.mark.parametrize("fmt", ["text", "bibtex", "csl-json"])
def test_cite_command(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--format", fmt]) == 0
    assert "C/113/INF/1/Rev.1" in capsys.readouterr().out


def test_show_as_published(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "staff_by_grade", "--as-published", "--category", "general_service",
                 "--head", "2"]) == 0
    out = capsys.readouterr().out
    assert "Annex II" in out and "Afghanistan" in out and "15405" in out and "Angola" not in out
    assert main(["show", "staff_headcount", "--as-published"]) == 2
    assert "staff_by_grade" in capsys.readouterr().err


def test_export_hxl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "countries", "--format", "csv", "--hxl"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(
        "#country+code+v_iso3,#country+code+v_m49,#country+name")
