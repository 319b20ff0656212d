"""Hostile cases of issue 18, kept so that they cannot come back.

Each test names the reproducer of the issue it guards.  Most run in-process;
those about standard streams, signals and the environment run the command
line in a child process (a few, each well under a second).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import iom_annual
from iom_annual._data.registry import grade_groups
from iom_annual.cli import main

PACKAGE = Path(iom_annual.__file__).parent
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files and signals")
ENV = {**os.environ, "PYTHONPATH": str(PACKAGE.parent), "PYTHONDONTWRITEBYTECODE": "1"}
CLI = [sys.executable, "-m", "iom_annual"]
# Annex I, Table 2's label for "UG", as the registry writes it (the one copy of the label).
UNGRADED = next(g for g in grade_groups() if g.casefold() == "ungraded")


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _sh(script: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["sh", "-c", script], cwd=cwd, capture_output=True, timeout=60, check=False,
                          env={**ENV, "CLI": " ".join(CLI), **(env or {})})


# --- data loss ---------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize(("stream", "redirect"), [("/dev/stdout", ">>"), ("/dev/stderr", "2>>")])
def test_export_to_a_standard_stream_appends_to_a_redirected_log(tmp_path: Path, stream: str,
                                                                  redirect: str) -> None:
    result = _sh(f"printf 'KEEP\\n' >log; $CLI export staff_headcount --format csv -o {stream} --force "
                 f"{redirect}log", tmp_path)
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "log").read_bytes()
    assert log.startswith(b"KEEP\nyear,"), log[:40]
    assert log.count(b"\n") == 1 + 8
    assert not [p for p in tmp_path.iterdir() if p.name != "log"]


@POSIX
def test_export_to_dev_stdout_into_a_pipe(tmp_path: Path) -> None:
    result = _sh("$CLI export staff_headcount --format csv -o /dev/stdout | cat", tmp_path)
    assert result.returncode == 0 and result.stdout.startswith(b"year,"), result.stderr
    assert result.stderr == b""


@POSIX
def test_export_writes_into_a_fifo_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        iom_annual.export("staff_headcount", "csv", fifo, overwrite=True)
    finally:
        if not got:  # unblock the reader if the export did not open the FIFO
            with contextlib.suppress(OSError):
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
        reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0] == iom_annual.export("staff_headcount", "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


@POSIX
def test_export_writes_into_a_device_through_a_symlink(tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    iom_annual.export("staff_headcount", "csv", link, overwrite=True)
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    iom_annual.export("staff_headcount", "csv", os.devnull, overwrite=True)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@pytest.mark.parametrize("flag", ["overwrite", "hxl"])
@pytest.mark.parametrize("value", ["no", "False", 2, 0, None, np.bool_(True)])
def test_export_flags_accept_only_bool(tmp_path: Path, flag: str, value: object) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(b"KEEP\n")
    with pytest.raises(TypeError, match=flag):
        iom_annual.export("staff_headcount", "csv", out, **{flag: value})  # type: ignore[call-overload]
    assert out.read_bytes() == b"KEEP\n"


@pytest.mark.parametrize("value", ["no", 1, None])
def test_as_models_accepts_only_bool(value: object) -> None:
    with pytest.raises(TypeError, match="as_models"):
        iom_annual.staff_by_nationality("professional", "KEN", as_models=value)  # type: ignore[call-overload]


@POSIX
def test_the_umask_is_read_at_each_write_without_setting_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    old = os.umask(0o022)
    try:
        iom_annual.export("staff_headcount", "csv", tmp_path / "first.csv")
        os.umask(0o077)

        def no_umask(mask: int) -> int:
            raise AssertionError("os.umask must not be called by a write (it races with threads)")

        monkeypatch.setattr(os, "umask", no_umask)
        iom_annual.export("staff_headcount", "csv", tmp_path / "second.csv")
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "first.csv").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "second.csv").st_mode) == 0o600


SLOW_EXPORT = """
import os, sys, time
import iom_annual
real = os.fsync
def slow(fd):
    print("writing", flush=True)
    time.sleep(30)
    real(fd)
os.fsync = slow
iom_annual.export("staff_headcount", "csv", sys.argv[1])
"""


@POSIX
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, str(tmp_path / "out.csv")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    assert child.stdout is not None
    assert child.stdout.readline() == b"writing\n"
    child.send_signal(signal.SIGTERM)
    try:
        child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        raise AssertionError(child.communicate()) from None
    assert child.returncode in (-signal.SIGTERM, 128 + signal.SIGTERM)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ["/", os.sep + os.sep])
def test_a_trailing_slash_is_refused(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(iom_annual.IncompatibleOptionsError, match="folder"):
        iom_annual.export("staff_headcount", "csv", str(tmp_path / "out.csv") + suffix)
    assert list(tmp_path.iterdir()) == []
    code, out, err = _run(["export", "staff_headcount", "-o", str(tmp_path / "out.csv") + "/"])
    assert code == 2 and "folder" in err and out == ""
    assert list(tmp_path.iterdir()) == []


# --- silent wrong answers ----------------------------------------------------------

# Runs in a copy of the package whose metadata was edited; every reader must refuse.
READERS = """
import contextlib, io, json, sys
import iom_annual
from iom_annual.cli import main
assert iom_annual.__file__.startswith(sys.argv[1]), iom_annual.__file__
calls = {
    "datasets": lambda: iom_annual.datasets(),
    "dataset.citation": lambda: iom_annual.dataset("staff_headcount").citation,
    "catalog": lambda: iom_annual.catalog(),
    "cite": lambda: iom_annual.cite(),
    "edition": lambda: iom_annual.edition(),
    "themes": lambda: iom_annual.themes(),
}
result = {}
for name, call in calls.items():
    try:
        call()
        result[name] = "served"
    except iom_annual.DataIntegrityError:
        result[name] = "refused"
for argv in (["list"], ["describe", "staff_headcount"], ["cite"], ["show", "staff_headcount"]):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        result["cli " + " ".join(argv)] = [main(argv), err.getvalue()]
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(PACKAGE, root / "iom_annual", ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize(("file", "old", "new"), [
    ("datasets.json", '"source": "Annex I, Table 4"', '"source": "Annex I, Table 5"'),
    ("datasets.json", '"published": 2022', '"published": 2023'),
    ("manifest.json", '"rows": 7', '"rows": 8'),
])
def test_edited_metadata_is_refused_by_every_reader(package_copy: Path, file: str, old: str,
                                                    new: str) -> None:
    path = package_copy / "iom_annual" / "data" / file
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        probe = subprocess.run([sys.executable, "-c", READERS, str(package_copy)], capture_output=True,
                               timeout=120, check=False, cwd=package_copy,
                               env={**ENV, "PYTHONPATH": str(package_copy)})
    finally:
        path.write_text(original, encoding="utf-8")
    assert probe.returncode == 0, probe.stderr.decode()
    seen = json.loads(probe.stdout)
    for name in ("datasets", "dataset.citation", "catalog", "cite", "edition", "themes"):
        assert seen[name] == "refused", (name, seen)
    for argv in ("list", "describe staff_headcount", "cite", "show staff_headcount"):
        code, err = seen["cli " + argv]
        assert code == 1 and file in err and "Traceback" not in err, (argv, err)


@pytest.mark.parametrize(("argv", "rows"), [
    (["show", "staff_by_nationality", "--nationality", "Lao People's Democratic Republic"], 2),
    (["show", "staff_by_nationality", "--nationality", "Côte d’Ivoire"], 2),
    (["show", "staff_by_nationality", "--nationality", "the Niger"], 2),
    (["show", "staff_by_nationality", "--nationality", "THE GAMBIA"], 2),
    (["show", "staff_by_nationality", "--nationality", "ken", "--category", " Professional "], 1),
    (["show", "staff_by_grade", "--grade", UNGRADED, "--category", "professional", "--nationality",
      "KEN"], 1),
    (["show", "staff_by_grade", "--grade", "d-1-d-2", "--nationality", "KEN"], 2),
    (["show", "key_figures", "--theme", " WASH "], 2),
    (["show", "professional_women_by_grade", "--grade", "ungraded", "--year", "2021"], 1),
])
def test_show_filters_as_the_library_does(argv: list[str], rows: int) -> None:
    code, out, err = _run([*argv, "--head", "1000"])
    assert code == 0, err
    # The row count closes the table; a wide dataset then names the columns left out.
    assert any(line.startswith(f"{rows} of {rows} rows") for line in out.splitlines()[-2:]), out


def test_show_gives_the_rows_the_api_gives() -> None:
    for name in ("Lao People's Democratic Republic", "Côte d’Ivoire", "the Niger", "THE GAMBIA", "kgz"):
        api = iom_annual.staff_by_nationality(nationality=name)
        code, out, _ = _run(["show", "staff_by_nationality", "--nationality", name, "--head", "100"])
        assert code == 0 and out.splitlines()[-1].startswith(f"{api.height} of {api.height} rows")
    api = iom_annual.staff_by_grade(grade=UNGRADED)
    code, out, _ = _run(["show", "staff_by_grade", "--grade", UNGRADED, "--head", "0"])
    assert code == 0 and out.splitlines()[-1].startswith(f"0 of {api.height:,} rows")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_value_phrase_refuses_what_is_not_finite(value: float) -> None:
    with pytest.raises(iom_annual.InvalidValueError, match="finite"):
        iom_annual.value_phrase(value, "people")


@pytest.mark.parametrize("value", [1e308, -1e308, 1e30, 10**400])
def test_value_phrase_of_a_huge_value_is_short(value: float) -> None:
    phrase = iom_annual.value_phrase(value, "people")
    assert len(phrase) < 40 and phrase.endswith(" people"), phrase
    assert "e+" in phrase


@pytest.mark.parametrize("kind", [[], (), set()])
def test_search_with_no_kind_is_an_error(kind: object) -> None:
    with pytest.raises(iom_annual.InvalidSearchError, match="kind"):
        iom_annual.search("water", kind=kind)  # type: ignore[arg-type]


# --- errors that are not ours, or unclear --------------------------------------------


@POSIX
@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_a_bad_polars_max_threads_is_one_line(tmp_path: Path, value: str) -> None:
    result = _sh("$CLI summary", tmp_path, env={"POLARS_MAX_THREADS": value})
    assert result.returncode == 2, result
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "POLARS_MAX_THREADS" in lines[0] and result.stdout == b"", lines


@pytest.mark.parametrize(("value", "expected"), [
    (1e28, 10**28), (1e300, 10**300), (np.float64(1e30), 10**30), (-1e28, -(10**28)),
    (2.5e15, 2_500_000_000_000_000), (1.5e27, 15 * 10**26)])
def test_round_half_up_of_huge_values(value: float, expected: int) -> None:
    # The printed decimal form is rounded (1e28 is 10**28, not the float's 9999...832).
    assert iom_annual.metrics.round_half_up(value) == expected


@pytest.mark.parametrize("unit", [None, 5, b"people"])
def test_value_phrase_needs_a_text_unit(unit: object) -> None:
    with pytest.raises(TypeError, match="unit"):
        iom_annual.value_phrase(5, unit)  # type: ignore[arg-type]


@pytest.mark.parametrize("call", [
    iom_annual.cite, lambda e: iom_annual.export("staff_headcount", e),
    lambda e: iom_annual.export(e, "csv"), iom_annual.themes,
    lambda e: iom_annual.export("staff_headcount", "csv", e),
    lambda e: iom_annual.export("staff_headcount", "csv", overwrite=e),
])
def test_a_polars_expression_is_a_type_error(call: object) -> None:
    # A type error, or for a dataset name the unknown-dataset error every non-name gets.
    with pytest.raises((TypeError, iom_annual.UnknownDatasetError)) as caught:
        call(pl.col("x"))  # type: ignore[operator]
    assert "ambiguous" not in str(caught.value)


def test_country_profiles_compare_by_country() -> None:
    assert iom_annual.country("KEN") == iom_annual.country("Kenya")
    assert iom_annual.country("KEN") != iom_annual.country("UGA")
    assert len({iom_annual.country("KEN"), iom_annual.country("kenya")}) == 1
    assert iom_annual.country("KEN") != "KEN"


@pytest.mark.parametrize("path", ["\x00", "data\x00dir"])
def test_verify_a_nul_path_is_a_typed_error(path: str) -> None:
    with pytest.raises(iom_annual.IomAnnualError, match="NUL"):
        iom_annual.verify(path)
    code, _, err = _run(["verify", "--data-dir", path])
    assert code == 2 and "NUL" in err


def test_huge_input_is_not_echoed_whole() -> None:
    with pytest.raises(iom_annual.InvalidSearchError) as caught:
        iom_annual.search("!" * 10**6)
    assert len(str(caught.value)) < 300
    for argv in (["search", "'" * 10**6], ["country", "'" * 10**6], ["show", "'" * 10**6],
                 ["figure", "'" * 10**6], ["describe", "'" * 10**6]):
        code, out, err = _run(argv)
        assert code == 2 and len(err) < 600 and len(out) < 600, (argv[0], len(err), len(out))


def test_a_theme_given_to_figure_says_it_is_a_theme() -> None:
    with pytest.raises(iom_annual.UnknownMetricError) as caught:
        iom_annual.figure("wash")  # type: ignore[arg-type]
    message = str(caught.value)
    assert "'wash' is a theme" in message and "iom_annual.operations.wash.figures()" in message
    assert "iom-annual figure wash" in message
    code, out, _ = _run(["figure", "wash"])
    assert code == 0 and "wash.people_supported" in out
    ids = {f.id for f in iom_annual.operations.wash.figures()}
    assert {line.split()[0] for line in out.splitlines()[1:]} == ids


@pytest.mark.parametrize("value", [None, True, math.nan, 3.5, b"Kenya", ["Kenya"]])
def test_a_wrong_type_is_a_type_error_not_a_close_match(value: object) -> None:
    if value is not None:  # None means "all nationalities" where it is optional
        with pytest.raises(TypeError, match="nationality"):
            iom_annual.staff_by_nationality(nationality=value)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="nationality"):
        iom_annual.nationality_staff(value, "professional")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        iom_annual.country(value)  # type: ignore[arg-type]
    if value is not None:  # category and grade alike
        with pytest.raises(TypeError, match="category"):
            iom_annual.staff_by_nationality(value)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="grade"):
            iom_annual.staff_by_grade(grade=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("argv", "says"), [
    (["show", "staff_headcount", "--columns", "year,year"], "twice"),
    (["show", "staff_headcount", "--year", "²⁰²¹"], "²⁰²¹"),
    (["show", "staff_headcount", "--year", "20x1"], "20x1"),
])
def test_usage_mistakes_are_not_blamed_on_the_installation(argv: list[str], says: str) -> None:
    code, _, err = _run(argv)
    assert code == 2 and says in err and "verify" not in err, err


@POSIX
def test_a_symlink_loop_as_output_is_an_output_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    code, _, err = _run(["export", "staff_headcount", "-o", str(loop), "--force"])
    assert code == 1 and "verify" not in err and "symbolic links" in err, err
    assert loop.is_symlink()


@pytest.mark.parametrize("query", ["שלום", "سلام", "水", "νερό", "Вода"])
def test_a_query_in_another_script_is_searched(query: str) -> None:
    found = iom_annual.search(query)
    assert found.columns[:2] == ["kind", "id"]
    code, out, err = _run(["search", query])
    assert code == 0 and "no letters or digits" not in out + err
    if not found.height:
        assert "the report is in English" in out, out


@pytest.mark.parametrize("call", [
    lambda: iom_annual.figure("WASH.people_supported"),  # type: ignore[arg-type]
    lambda: iom_annual.figure(" wash.People_Supported "),  # type: ignore[arg-type]
    lambda: iom_annual.cite("BibTeX"),  # type: ignore[arg-type]
    lambda: iom_annual.cite(" CSL-JSON"),  # type: ignore[arg-type]
    lambda: iom_annual.export("staff_headcount", "CSV"),  # type: ignore[call-overload]
    lambda: iom_annual.themes("Operations"),
    lambda: iom_annual.key_figures("WASH").height,
])
def test_any_case_is_accepted(call: object) -> None:
    assert call()  # type: ignore[operator]


def test_any_case_gives_the_same_answer(tmp_path: Path) -> None:
    assert iom_annual.figure("WASH.people_supported") == iom_annual.figure("wash.people_supported")  # type: ignore[arg-type]
    assert iom_annual.cite("BibTeX") == iom_annual.cite("bibtex")  # type: ignore[arg-type]
    assert iom_annual.export("staff_headcount", "CSV") == iom_annual.export("staff_headcount", "csv")  # type: ignore[call-overload]
    assert iom_annual.themes("Operations") == iom_annual.themes("operations")


def test_numpy_integers_are_integers() -> None:
    assert iom_annual.country(np.int64(404)).iso3 == "KEN"
    assert iom_annual.country(np.uint16(4)).iso3 == "AFG"
    assert iom_annual.search("staff", limit=np.int64(5)).height == 5
    assert iom_annual.search("staff", limit=np.int64(5)).equals(iom_annual.search("staff", limit=5))


@POSIX
def test_with_stderr_closed_errors_never_reach_stdout(tmp_path: Path) -> None:
    result = _sh("$CLI show no_such_dataset 2>&-", tmp_path)
    assert result.returncode == 2 and result.stdout == b""
    result = _sh("$CLI export no_such_dataset 2>&- >out.csv", tmp_path)
    assert result.returncode == 2 and (tmp_path / "out.csv").read_bytes() == b""


@POSIX
@pytest.mark.parametrize("argv", ["--help", "-h", "show --help", "--version", "-V"])
def test_help_to_a_closed_stdout_fails(tmp_path: Path, argv: str) -> None:
    result = _sh(f"$CLI {argv} >&-", tmp_path)
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result


def test_ctrl_c_anywhere_in_main_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    from iom_annual import cli

    def interrupted(args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_without_parser", interrupted)
    code, out, err = _run(["list"])
    assert code == 130 and err == "error: interrupted\n" and out == ""


# `python -m iom_annual` once the interpreter is up: what runs from there on is ours.
STARTUP = """
import importlib.util, runpy, sys
importlib.util.find_spec("iom_annual.__main__")  # Python's own look-up, before the signal can come
sys.argv = ["iom-annual", "summary"]
print("up", flush=True)
runpy.run_module("iom_annual", run_name="__main__", alter_sys=True)
"""


@POSIX
@pytest.mark.parametrize("delay", [0.005, 0.01, 0.02, 0.04, 0.08, 0.16])
def test_ctrl_c_at_startup_gives_no_traceback(tmp_path: Path, delay: float) -> None:
    child = subprocess.Popen([sys.executable, "-c", STARTUP], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=ENV, cwd=tmp_path)
    assert child.stdout is not None and child.stdout.readline() == b"up\n"
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    if child.returncode == 0:
        return  # finished before the signal
    if child.returncode == -signal.SIGINT:  # during Python's own exit, which restores the default action
        assert err == b"", err
        return
    assert b"Traceback" not in err and child.returncode == 130, (delay, err)
    assert err == b"error: interrupted\n"


@pytest.mark.parametrize("argv", [[], ["-V"]])
def test_no_command_shows_help_and_v_is_version(argv: list[str]) -> None:
    code, out, err = _run(argv)
    assert code == 0 and err == ""
    if argv:
        assert out == f"iom-annual {iom_annual.__version__}\n"
    else:
        assert out.startswith("usage: iom-annual") and "exit status" in out


def test_the_exit_statuses_are_documented() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "command-line.md").read_text(encoding="utf-8")
    from iom_annual.cli import EXIT_STATUSES

    for code in ("0", "1", "2", "130", "143"):
        assert f"| {code} " in docs and f"  {code} " in EXIT_STATUSES, code
    assert "DataIntegrityError" in docs


def test_an_unknown_citation_format_is_an_unknown_format_error() -> None:
    # The typed error that export() raises for a format, not the base class ("unknown value").
    with pytest.raises(iom_annual.UnknownFormatError, match="unknown format 'nope'") as caught:
        iom_annual.cite("nope")
    assert caught.value.options == ("text", "bibtex", "csl-json")
