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
