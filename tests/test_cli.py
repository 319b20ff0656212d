"""The command line, run as a user would."""

from __future__ import annotations

import json
import os
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


@pytest.mark.parametrize("args", [["show", "staf"], ["export", "nope", "--format", "csv"],
                                  ["describe", "staf"], ["describe", "staf", "--wide"]])
def test_errors_are_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: unknown dataset")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["list", "describe", "show", "search", "figure", "country", "export",
                                     "summary", "verify", "cite"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0 and "usage: iom-annual" in result.stdout


@pytest.mark.parametrize("argv", [["list"], ["describe", "staff_by_grade"], ["--help"], ["--version"],
                                  ["describe", "--help"]])
def test_listing_and_describing_need_no_dataframe_library(argv: list[str]) -> None:
    code = (f"import sys; from iom_annual.cli import main\ntry: main({argv!r})\n"
            "except SystemExit: pass\n"
            "assert 'polars' not in sys.modules and 'pydantic' not in sys.modules, argv")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the command printed nothing"


def test_version_is_the_package_version() -> None:
    import iom_annual

    for argv in (["--version"], ["--version", "list"]):  # the fast path and argparse's
        result = run(*argv)
        assert result.returncode == 0 and result.stdout == f"iom-annual {iom_annual.__version__}\n"
    code = ("import sys; from iom_annual.cli import main; main(['--version']); "
            "assert 'argparse' not in sys.modules and 'typing' not in sys.modules, sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("argv", [["list"], ["describe", "staff_by_grade"], ["describe", "Staff_By_Grade"]])
def test_plain_list_and_describe_answer_as_the_parser_does(argv: list[str],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    # They skip argparse to start faster (benchmarks/run.py): the answer must be the same.
    from iom_annual import cli

    assert main(argv) == 0
    fast = capsys.readouterr().out
    args = cli._parser().parse_args(argv)
    assert args.run(args) is None
    assert fast == capsys.readouterr().out and fast.count("\n") > 10
    code = (f"import sys; from iom_annual.cli import main\nassert main({argv!r}) == 0\n"
            "assert 'argparse' not in sys.modules, 'parsed'")
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
    assert "Annex II" in out and "Afghanistan" in out and "15,405" in out and "Angola" not in out
    assert main(["show", "staff_headcount", "--as-published"]) == 2
    assert "staff_by_grade" in capsys.readouterr().err


def test_export_hxl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "countries", "--format", "csv", "--hxl"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(
        "#country+code+v_iso3,#country+code+v_m49,#country+name")


def test_help_documents_the_exit_statuses() -> None:
    result = run("--help")
    for status in ("0 ", "1 ", "2 ", "130"):
        assert f"\n  {status}" in result.stdout, result.stdout
    # the description names no edition's year (a later edition changes nothing in the CLI)
    description = result.stdout.split("\n\n")[1]
    assert "Annual Report" in description and not any(c.isdigit() for c in description), description


# --- describe ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["staff_by_grade", "key_figures", "countries"])
def test_describe_shows_the_registry(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    meta = iom_annual.dataset(name)
    assert main(["describe", name, "--wide"]) == 0
    out = capsys.readouterr().out
    assert meta.title in out and meta.source in out and meta.citation in out
    rows = iom_annual.load(name).height
    assert f"Rows: {rows:,}" in out
    lines = out.splitlines()
    for column in meta.columns:
        line = next(x for x in lines if x.split()[:2] == [column.name, column.type])
        assert column.description in line
        for extra in (column.unit, column.hxl):
            assert extra is None or extra in line


def test_describe_cuts_long_descriptions_unless_wide(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    longest = max(iom_annual.dataset("key_figures").columns, key=lambda c: len(c.description))
    assert len(longest.description) > 60
    assert main(["describe", "key_figures"]) == 0
    assert longest.description not in capsys.readouterr().out
    assert main(["describe", "key_figures", "--full"]) == 0
    assert longest.description in capsys.readouterr().out


# --- show: columns, filters, whole text, the size line -------------------------------------


def test_show_filters_and_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "staff_by_grade", "--nationality", "KEN", "--category", "PROFESSIONAL",
                 "--grade", "p-3", "--columns", "nationality,grade,staff"]) == 0
    out = capsys.readouterr().out
    assert "│ Kenya       ┆ P-3   ┆    35 │" in out and "1 of 1 rows, 3 columns" in out
    assert "iso3" not in out and "annex" not in out


def test_show_category_filters_rows(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    # Before: --category was ignored without --as-published and General Service rows came out.
    assert main(["show", "staff_by_grade", "--category", "professional", "--head", "500"]) == 0
    out = capsys.readouterr().out
    assert "general_service" not in out and "professional" in out
    professional = iom_annual.load("staff_by_grade").filter(category="professional").height
    assert f"500 of {professional:,} rows" in out


def test_show_size_line_is_the_dataset_not_the_head(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    assert main(["show", "staff_by_grade", "--head", "3"]) == 0
    out = capsys.readouterr().out
    assert f"3 of {iom_annual.load('staff_by_grade').height:,} rows, 7 columns" in out
    assert "shape: (3" not in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["show", "staff_by_grade", "--theme", "wash"], "--theme does not apply to staff_by_grade"),
    (["show", "staff_headcount", "--category", "professional"], "--category does not apply"),
    (["show", "key_figures", "--nationality", "Kenya"], "its filters: --theme, --year"),
    (["show", "key_figures", "--theme", "wsh"], "unknown theme 'wsh'; did you mean 'wash'"),
    (["show", "staff_headcount", "--year", "1990"], "unknown year '1990'"),
    (["show", "staff_headcount", "--columns", "yaer"], "unknown column 'yaer'; did you mean 'year'"),
    (["show", "staff_headcount", "--columns", ","], "--columns needs one or more"),
    (["show", "staff_by_grade", "--as-published", "--grade", "P-3"], "cannot be used with --as-published"),
])
def test_show_refuses_what_does_not_apply(argv: list[str], expected: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and expected in err and err.count("\n") == 1, err


def test_show_wide_shows_long_text_whole(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    figures = iom_annual.load("key_figures")
    text = max(figures["description"].to_list(), key=len)
    assert len(text) > 60
    figure_id = figures.filter(description=text)["id"].item()
    theme = figure_id.split(".")[0]
    argv = ["show", "key_figures", "--theme", theme, "--columns", "id,description", "--head", "1000"]
    assert main(argv) == 0
    assert text not in capsys.readouterr().out
    assert main([*argv, "--wide"]) == 0
    assert text in capsys.readouterr().out


# --- export: format from the file's ending, never a lost file ----------------------------------


@pytest.mark.parametrize(("suffix", "reader"), [(".csv", pl.read_csv), (".JSON", pl.read_json),
                                                (".parquet", pl.read_parquet), (".pq", pl.read_parquet)])
def test_export_format_from_the_suffix(tmp_path: Path, suffix: str, reader: object) -> None:
    out = tmp_path / f"t{suffix}"
    assert main(["export", "staff_headcount", "-o", str(out)]) == 0
    assert reader(out)["total"].to_list()[-1] == 17761  # type: ignore[operator]


@pytest.mark.parametrize(("argv", "expected"), [
    (["--format", "json", "-o", "t.csv"], "--format json does not match the ending of 't.csv' (csv)"),
    (["-o", "t.txt"], "cannot tell the format of 't.txt'"),
    (["--format", "parquet"], "parquet is binary: give a file with -o FILE"),
    (["--format", "json", "--hxl"], "--hxl) needs format csv"),
    (["--force"], "--force applies only with -o FILE"),
])
def test_export_usage_errors(argv: list[str], expected: str, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "staff_headcount", *argv]) == 2
    assert expected in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_explicit_format_wins_over_an_unknown_ending(tmp_path: Path) -> None:
    out = tmp_path / "table.txt"
    assert main(["export", "staff_headcount", "--format", "CSV", "-o", str(out)]) == 0
    assert pl.read_csv(out)["total"].to_list()[-1] == 17761


def test_export_to_stdout_defaults_to_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "staff_headcount"]) == 0
    assert capsys.readouterr().out.startswith("year,international_professional,")


def test_export_refuses_to_replace_a_file_without_force(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.csv"
    out.write_text("precious\n")
    assert main(["export", "staff_headcount", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err and "--force" in err and err.count("\n") == 1
    assert out.read_text() == "precious\n"
    assert main(["export", "staff_headcount", "-o", str(out), "--force"]) == 0
    assert out.read_text().startswith("year,")


def test_docs_give_the_same_exit_statuses() -> None:
    from pathlib import Path

    from iom_annual.cli import EXIT_STATUSES

    page = Path(__file__).resolve().parent.parent / "docs" / "command-line.md"
    if not page.exists():
        pytest.skip("not a source checkout")
    text = page.read_text(encoding="utf-8")
    for line in EXIT_STATUSES.splitlines()[1:]:
        status = line.split()[0]
        assert f"| {status} |" in text, status


# --- search and country -------------------------------------------------------------------


def test_search_prints_the_best_matches_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    assert main(["search", "vaccinated", "--kind", "FIGURE", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    ids = iom_annual.search("vaccinated", kind="figure", limit=3)["id"].to_list()
    assert ids[0] == "emergency_health.people_vaccinated"
    assert [out.index(i) for i in ids] == sorted(out.index(i) for i in ids)  # ranked as the library does
    lines = out.splitlines()
    body = next(i for i, line in enumerate(lines) if line.startswith("╞"))
    rows = [line for line in lines[body:] if line.startswith("│ ")]
    assert len(rows) == 3 and all(row.split("┆")[0].strip("│ ") == "figure" for row in rows)
    assert out.rstrip().endswith("3 of 3 rows, 5 columns")


def test_search_joins_words_and_shows_ids_whole(capsys: pytest.CaptureFixture[str]) -> None:
    # Several words need no quotes; a long id is never cut, as it is what one types next.
    long_id = "migration_health.migration_health_assessment_vaccine_preventable_diseases"
    assert len(long_id) > 60
    assert main(["search", "vaccine", "preventable", "diseases", "--kind", "figure", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert long_id in out and "Best matches for 'vaccine preventable diseases'" in out
    assert "citation" not in out
    assert main(["search", "vaccinated", "--limit", "1", "--wide"]) == 0
    assert "C/113/INF/1/Rev.1, paragraph 20" in capsys.readouterr().out  # the citation, with --wide


@pytest.mark.parametrize("kinds", [["country"], ["Country"], ["COUNTRY", "theme"]])
def test_search_kinds_in_any_case(kinds: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["search", "Kenyan"]
    for kind in kinds:
        argv += ["--kind", kind]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "│ country ┆ KEN " in out and "│ figure " not in out


def test_search_with_no_match_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "qqqqxzzzz"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("nothing matches 'qqqqxzzzz'; the nearest themes (see: iom-annual figure THEME):\n")
    assert "┆ nearest " in out and "│ theme " in out
    assert main(["search", "qqqqxzzzz", "--kind", "figure"]) == 0
    assert capsys.readouterr().out == "nothing matches 'qqqqxzzzz'; try fewer or other words\n"


def test_search_of_only_fillers_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "the"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "carry no meaning" in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize(("argv", "expected"), [
    (["search", "  "], "error: the query '  ' has no letters or digits"),
    (["search", "Kenya", "--limit", "0"], "argument --limit: must be 1 or more"),
    (["search", "Kenya", "--limit", "two"], "argument --limit: not a whole number: 'two'"),
    (["search", "Kenya", "--kind", "people"], "argument --kind: invalid choice: 'people'"),
    (["search"], "the following arguments are required: QUERY"),
    (["country", "Narnia"], "error: unknown country 'Narnia'"),
    (["country"], "the following arguments are required: NAME"),
    (["figure", "washh"], "error: unknown theme 'washh'; did you mean 'wash'?"),
    (["figure", "wash.people_suported"], "metric 'people_suported'; did you mean 'people_supported'?"),
    (["figure", "people_supported"], "did you mean 'wash.people_supported'?"),
    (["figure", " "], "error: unknown theme"),
    (["figure"], "the following arguments are required: ID"),
])
def test_search_and_country_usage_errors(argv: list[str], expected: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = exc.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and expected in err, err
    if err.startswith("error: "):
        assert err.count("\n") == 1
    else:  # argparse's usage, then one line of error
        assert err.startswith("usage: ") and err.splitlines()[-1].startswith(f"iom-annual {argv[0]}: error: ")


@pytest.mark.parametrize("typed", ["assisted_voluntary_return.vhr_migrants_returned",
                                   " Assisted_Voluntary_Return.VHR_migrants_returned "])
def test_figure_prints_one_figure_with_its_sources(typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Paragraph 56 prints 6,376; IOM's return statistics count 6,367 (the corroboration dataset).
    import iom_annual

    assert main(["figure", typed]) == 0
    out = capsys.readouterr().out
    fig = iom_annual.figure("assisted_voluntary_return.vhr_migrants_returned")
    lines = out.splitlines()
    assert lines[0] == "assisted_voluntary_return.vhr_migrants_returned: 6,376 people"
    assert "  as printed   6,376" in lines and "  cited as     C/113/INF/1/Rev.1, paragraph 56" in lines
    assert "  countries    Libya; Yemen" in lines and fig.description in out
    outside = [line for line in lines if line.startswith("  outside      ")]
    assert len(outside) == fig.corroboration().height >= 1
    kind = "IOM (republication, not independent of IOM"
    assert all(line.startswith(f"  outside      differs: 6,367 people, {kind}") for line in outside)
    assert sum("; repeats iom-rr2021-vhr)" in line for line in outside) == 1  # the second copy of IOM's text
    assert "https://" not in out
    assert main(["figure", typed, "--wide"]) == 0
    assert fig.corroboration()["url"][0] in capsys.readouterr().out  # --wide adds the addresses


def test_figure_of_a_theme_lists_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    assert main(["figure", "Finance"]) == 0
    out = capsys.readouterr().out
    ids = [f.id for f in iom_annual.institution.finance.figures()]
    assert out.splitlines()[0].startswith(f"Finance (finance): {len(ids)} figures")
    assert [out.index(i + " ") for i in ids] == sorted(out.index(i + " ") for i in ids)  # reading order
    assert main(["figure", "wash.people_supported"]) == 0
    assert "  outside      no outside source found" in capsys.readouterr().out


def test_unknown_country_names_close_matches_on_an_ascii_terminal() -> None:
    # A slip in a name with an accent: no country has it; "Turkey" is the closest.
    result = subprocess.run([sys.executable, "-m", "iom_annual", "country", "Türky"], capture_output=True,
                            check=False, timeout=120, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    err = result.stderr.decode("ascii")
    assert result.returncode == 2 and result.stdout == b""
    assert err.startswith("error: unknown country 'T") and "did you mean 'Turkey'" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_country_reads_every_name_and_refuses_an_ambiguous_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["country", "Türkiye"]) == 0
    assert capsys.readouterr().out.startswith("Turkey (TUR, M49 792)\n")
    assert main(["country", "DRC"]) == 0
    assert capsys.readouterr().out.startswith("Democratic Republic of the Congo (COD, M49 180)\n")
    assert main(["country", "Congo"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("error: ambiguous country 'Congo'") and "(COD)" in captured.err
    assert "(COG)" in captured.err


def test_country_prints_a_profile(capsys: pytest.CaptureFixture[str]) -> None:
    # Kenya in Annexes II and III: 324 General Service and 115 Professional staff.
    import iom_annual

    assert main(["country", "kenya"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kenya (KEN, M49 404)\n")
    assert "Region: Africa, Sub-Saharan Africa" in out
    assert "IOM Member State in 2021: yes" in out and "OECD DAC member in 2021: no" in out
    table = {line.split()[0]: line.split()[1:] for line in out.splitlines()
             if line.startswith("  ") and line.split()[0] in ("general_service", "professional", "all")}
    assert [table[c][0] for c in ("general_service", "professional", "all")] == ["324", "115", "439"]
    profile = iom_annual.country("KEN")
    for category in ("general_service", "professional", "all"):
        women, men = int(table[category][1].replace(",", "")), int(table[category][2].replace(",", ""))
        assert women + men == int(table[category][0])
        assert int(table[category][3]) == profile.rank(category)  # type: ignore[arg-type]
        assert table[category][5] == f"{profile.share(category):.2f}%"  # type: ignore[arg-type]
    assert profile.figures.height == 0
    assert out.rstrip().endswith("No figure of the report's narrative is about Kenya")


def test_country_takes_several_words_codes_and_printed_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["country", "south", "sudan"], ["country", "ssd"], ["country", "728"]):
        assert main(argv) == 0
        assert capsys.readouterr().out.startswith("South Sudan (SSD, M49 728)\n")
    assert main(["country", "Lao People’s Democratic Republic"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lao People's Democratic Republic (LAO") or "(LAO, M49 418)" in out.splitlines()[0]


def test_country_lists_its_figures_by_whole_id(capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual

    figures = iom_annual.country("AFG").figures
    assert figures.height >= 20  # all of Box 2 is about Afghanistan
    assert main(["country", "AFG"]) == 0
    cut = capsys.readouterr().out
    assert main(["country", "AFG", "--wide"]) == 0
    whole = capsys.readouterr().out
    for figure_id in figures["id"]:
        assert figure_id in cut  # never cut, even when the text is
    assert cut.rstrip().endswith(f"{figures.height} of {figures.height} rows, 4 columns")
    longest = max(figures["description"], key=len)
    assert len(longest) > 60 and longest in whole and longest not in cut
