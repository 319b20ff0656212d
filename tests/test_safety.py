"""Nothing lost, nothing silently wrong: exports, integrity of the bundled files, no tracebacks.

The damaged-installation tests copy the installed package to a temporary
folder, damage one file of the copy and run Python there in a subprocess, so
the real installation is never touched.  One process per damage case: it
loads, verifies, forgets every cached value (``_cache.reset``, the state of a
fresh process) and runs ``iom-annual verify``; one case also runs
``python -m iom_annual verify`` on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import iom_annual
from iom_annual.cli import main

PACKAGE = Path(iom_annual.__file__).parent
DATA_FILES = sorted(p.name for p in (PACKAGE / "data").iterdir() if p.is_file())


def _python(code: str, *, cwd: Path, pythonpath: Path | None = None,
            env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, **(env or {})}
    if pythonpath is not None:
        full["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, timeout=120,
                          cwd=cwd, env=full, **kwargs)  # type: ignore[call-overload, no-any-return]


# --- exports never lose a file ----------------------------------------------------------------


def test_every_bundled_file_is_covered() -> None:
    # If a file is added to data/, the tamper tests below must know it.
    manifest = json.loads((PACKAGE / "data" / "manifest.json").read_bytes())
    recorded = {*manifest["files"], *manifest["metadata"], "manifest.json"}
    assert recorded == set(DATA_FILES)


def test_export_refuses_to_replace_a_file(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    out.write_bytes(b"precious")
    with pytest.raises(iom_annual.OutputExistsError, match="overwrite=True") as info:
        iom_annual.export("staff_headcount", "csv", out)
    assert str(out) in str(info.value) and isinstance(info.value, FileExistsError)
    assert out.read_bytes() == b"precious"
    iom_annual.export("staff_headcount", "csv", out, overwrite=True)
    assert pl.read_csv(out)["total"].to_list()[-1] == 17761


def test_export_through_a_symlink(tmp_path: Path) -> None:
    target, link, dangling = tmp_path / "target.csv", tmp_path / "link.csv", tmp_path / "dangling.csv"
    target.write_bytes(b"precious")
    link.symlink_to(target)
    dangling.symlink_to(tmp_path / "nowhere.csv")
    for path in (link, dangling):
        with pytest.raises(iom_annual.OutputExistsError):
            iom_annual.export("staff_headcount", "csv", path)
    assert target.read_bytes() == b"precious" and not (tmp_path / "nowhere.csv").exists()
    iom_annual.export("staff_headcount", "csv", link, overwrite=True)
    assert link.is_symlink() and target.read_bytes().startswith(b"year,")  # the target, not the link


def test_a_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    iom_annual.export("staff_headcount", "csv", out)
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not the 0600 of a temporary file
    out.chmod(0o640)
    iom_annual.export("staff_headcount", "csv", out, overwrite=True)
    assert out.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its permissions


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "t.csv"
    out.write_bytes(b"precious")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="No space left") as info:
        iom_annual.export("staff_by_grade", "csv", out, overwrite=True)
    assert info.value.filename == str(out)
    assert out.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left behind


def _limit_file_size() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))  # staff_by_grade.csv is ~200 kB


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_size_limit_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    out.write_bytes(b"precious")
    code = ("import iom_annual\ntry:\n"
            "    iom_annual.export('staff_by_grade', 'csv', 't.csv', overwrite=True)\n"
            "except OSError as exc:\n    print('OSError', exc.errno)")
    result = _python(code, cwd=tmp_path, preexec_fn=_limit_file_size)
    assert result.stdout.decode().startswith("OSError 27"), result  # EFBIG
    assert out.read_bytes() == b"precious"
    cli = subprocess.run([sys.executable, "-m", "iom_annual", "export", "staff_by_grade", "-o", "t.csv",
                          "--force"], capture_output=True, check=False, cwd=tmp_path,
                         preexec_fn=_limit_file_size, timeout=120)
    assert cli.returncode == 1 and cli.stderr.decode().startswith("error: cannot write 't.csv'")
    assert out.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_stdout_export_is_utf8_whatever_the_locale(tmp_path: Path, encoding: str) -> None:
    result = subprocess.run([sys.executable, "-m", "iom_annual", "export", "countries"], capture_output=True,
                            check=False, timeout=120, env={**os.environ, "PYTHONIOENCODING": encoding,
                                                           "LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    assert result.stdout == iom_annual.export("countries", "csv")
    assert "Côte d'Ivoire".encode() in result.stdout


def test_json_ends_with_a_newline() -> None:
    assert iom_annual.export("staff_headcount", "json").endswith(b"}]\n")


@pytest.mark.parametrize("fmt", ["json", "parquet", "xlsx"])
def test_hxl_needs_a_format_with_an_hxl_row(fmt: iom_annual.ExportFormat) -> None:
    with pytest.raises(iom_annual.IncompatibleOptionsError, match="hxl"):
        iom_annual.export("staff_headcount", fmt, hxl=True)


def test_a_nul_in_the_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(iom_annual.IncompatibleOptionsError, match="NUL"):
        iom_annual.export("staff_headcount", "csv", tmp_path / "a\0b.csv")


def test_missing_dependency_names_a_working_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("pandas", "xlsxwriter") else real(name, *a))
    with pytest.raises(iom_annual.MissingDependencyError) as info:
        iom_annual.to_pandas("staff_headcount")
    assert "python -m pip install pandas pyarrow" in str(info.value)
    assert "iom-annual[" not in str(info.value)  # not on PyPI: an extra cannot be installed by name
    with pytest.raises(iom_annual.MissingDependencyError, match="python -m pip install xlsxwriter"):
        iom_annual.export("staff_headcount", "xlsx")


# --- integrity: a damaged installation is noticed on load and by verify ------------------------


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the installed package, importable with PYTHONPATH=<this folder>."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(PACKAGE, root / "iom_annual", ignore=shutil.ignore_patterns("__pycache__"))
    return root


# Run in the damaged copy: load the dataset of the damaged file (any dataset when a
# metadata file is damaged), then verify() and, with nothing cached, `iom-annual verify`.
PROBE = """
import io, json, sys, contextlib
import iom_annual
from iom_annual._core import cache as _cache
from iom_annual.cli import main
assert iom_annual.__file__.startswith(sys.argv[2]), iom_annual.__file__
result = {}
try:
    iom_annual.load(sys.argv[1])
    result["load"] = None
except iom_annual.IomAnnualError as exc:
    result["load"] = [type(exc).__name__, str(exc)]
report = iom_annual.verify()
result["verify"] = [[c.name, c.detail] for c in report.failures]
_cache.reset()
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    result["cli"] = main(["verify"])
result["cli_out"], result["cli_err"] = out.getvalue(), err.getvalue()
print(json.dumps(result))
"""


def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "byte":
        middle = len(raw) // 2
        path.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0x01]) + raw[middle + 1:])
    elif how == "truncate":
        path.write_bytes(raw[: len(raw) // 3])
    else:
        path.unlink()


@pytest.mark.parametrize("how", ["byte", "truncate", "delete"])
@pytest.mark.parametrize("file", DATA_FILES)
def test_damage_is_noticed(copy: Path, file: str, how: str) -> None:
    by_file = {d.file: d.name for d in iom_annual.datasets()}
    path = copy / "iom_annual" / "data" / file
    original = path.read_bytes()
    _damage(path, how)
    try:
        probe = subprocess.run([sys.executable, "-c", PROBE, by_file.get(file, "staff_headcount"),
                                str(copy)], capture_output=True, check=False, cwd=copy, timeout=120,
                               env={**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"})
        # The command itself, in a process of its own, for one case of each kind of damage.
        cli = subprocess.run([sys.executable, "-m", "iom_annual", "verify"], capture_output=True,
                             check=False, cwd=copy, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"},
                             ) if file == "staff_headcount.csv" else None
    finally:
        path.write_bytes(original)
    assert probe.returncode == 0, probe.stderr.decode()  # no exception escaped main(): no traceback
    seen = json.loads(probe.stdout)
    assert seen["load"] is not None, "loading did not notice"
    kind, message = seen["load"]
    assert kind == "DataIntegrityError" and file in message, message
    assert any(file in name for name, _ in seen["verify"]), seen["verify"]
    assert seen["cli"] == 1 and "Traceback" not in seen["cli_err"] and "FAIL" in seen["cli_out"], seen
    if cli is not None:
        assert cli.returncode == 1 and b"Traceback" not in cli.stderr and b"FAIL" in cli.stdout, cli


def test_the_manifest_cannot_be_edited_to_match(copy: Path) -> None:
    # Change a CSV and record its new hash in the manifest: the pinned hash still catches it.
    import hashlib

    data = copy / "iom_annual" / "data"
    saved = {name: (data / name).read_bytes() for name in ("staff_headcount.csv", "manifest.json")}
    try:
        csv = saved["staff_headcount.csv"].replace(b"17761", b"17762")
        (data / "staff_headcount.csv").write_bytes(csv)
        manifest = json.loads(saved["manifest.json"])
        manifest["files"]["staff_headcount.csv"]["sha256"] = hashlib.sha256(csv).hexdigest()
        (data / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        probe = subprocess.run([sys.executable, "-c", PROBE, "staff_headcount", str(copy)],
                               capture_output=True, check=False, cwd=copy, timeout=120,
                               env={**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"})
    finally:
        for name, raw in saved.items():
            (data / name).write_bytes(raw)
    seen = json.loads(probe.stdout)
    assert seen["load"][0] == "DataIntegrityError" and "manifest.json" in seen["load"][1]
    assert seen["cli"] == 1 and seen["verify"][0][0] == "sha256 manifest.json"


def test_a_changed_value_with_a_valid_hash_elsewhere_is_still_caught_by_schema(tmp_path: Path) -> None:
    # verify --data-dir re-reads a copy: a column renamed in it is a failed check, not a traceback.
    data = tmp_path / "data"
    shutil.copytree(PACKAGE / "data", data)
    path = data / "staff_headcount.csv"
    path.write_bytes(path.read_bytes().replace(b"year,", b"yaer,", 1))
    report = iom_annual.verify(data)
    names = [c.name for c in report.failures]
    assert "sha256 staff_headcount.csv" in names and "tables readable" in names
    detail = report.failures[-1].detail
    assert "staff_headcount.csv" in detail and "yaer" in detail


def test_two_hashes_are_shown_far_enough_to_differ() -> None:
    from iom_annual._data.loader import hash_difference

    got, recorded = "abcdef0123456789" + "0" * 48, "abcdef0123456789" + "1" * 48
    text = hash_difference(got, recorded)
    assert got[:17] in text and recorded[:17] in text  # both, past the shared first 16 digits
    short = hash_difference("a" * 64, "b" * 64)
    assert "a" * 12 in short and "b" * 12 in short and len(short) < 80


def test_verify_display() -> None:
    report = iom_annual.verify()
    text = repr(report)
    assert text.startswith("VerifyReport(ok: ") and "0 failed" in text and len(text) <= 200
    assert repr(report.checks[0]).startswith("Check(ok: sha256 manifest.json")
    failed = iom_annual.VerifyReport((iom_annual.Check("sha256 x.csv", False, "<b>changed</b>"),
                                      iom_annual.Check("other", True, "fine")))
    assert repr(failed) == "VerifyReport(FAILED: 1 passed, 1 failed; first failure: sha256 x.csv)"
    html = failed._repr_html_()
    assert "&lt;b&gt;changed&lt;/b&gt;" in html and "<b>changed" not in html
    assert html.index("FAIL") < html.index("fine")  # failures first
    assert "&lt;" in failed.checks[0]._repr_html_()


# --- the command line never shows a traceback -----------------------------------------------

COMMANDS = [["list"], ["describe", "countries"], ["show", "staff_by_nationality", "--nationality", "CIV"],
            ["search", "Ivoire"], ["country", "CIV"], ["figure", "migrant_assistance"],
            ["figure", "finance.unearmarked_contribution_donors", "--wide"], ["export", "countries"],
            ["summary"], ["verify"], ["cite"], ["--version"], ["--help"]]


def _cli(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
         stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "iom_annual", *argv], stdout=stdout,
                          stderr=subprocess.PIPE, check=False, cwd=cwd, timeout=120,
                          env={**os.environ, **(env or {})})


def _one_line(result: subprocess.CompletedProcess[bytes]) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert err == "" or (err.startswith("error: ") and err.count("\n") == 1), err


@pytest.mark.parametrize("argv", COMMANDS, ids="-".join)
def test_no_traceback_on_a_non_utf8_terminal(argv: list[str], tmp_path: Path) -> None:
    result = _cli(argv, tmp_path, {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    _one_line(result)
    assert result.returncode == 0
    if argv[0] in ("show", "search", "country"):
        assert b"C?te d'Ivoire" in result.stdout  # replaced, not a crash
    if argv[0] in ("show", "search"):
        assert b"+-" in result.stdout and b"?" * 5 not in result.stdout  # ASCII table lines


@pytest.mark.parametrize("argv", COMMANDS, ids="-".join)
def test_no_traceback_when_the_reader_stops(argv: list[str], tmp_path: Path) -> None:
    # Like `iom-annual ... | head -c 1`: the reader closes the pipe early.
    with subprocess.Popen([sys.executable, "-m", "iom_annual", *argv], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=tmp_path) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(1)
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 0
    _one_line(subprocess.CompletedProcess(argv, 0, b"", err))


@pytest.mark.parametrize("argv", COMMANDS, ids="-".join)
def test_no_traceback_with_a_closed_stdout(argv: list[str], tmp_path: Path) -> None:
    code = ("import os, sys\nos.close(1)\nsys.argv = ['iom-annual', *sys.argv[1:]]\n"
            "from iom_annual.cli import main\nraise SystemExit(main())")
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, check=False,
                            cwd=tmp_path, timeout=120)
    _one_line(result)
    assert result.returncode in (0, 1)


@pytest.mark.parametrize("argv", COMMANDS, ids="-".join)
def test_no_traceback_on_a_damaged_installation(argv: list[str], copy: Path) -> None:
    data = copy / "iom_annual" / "data"
    saved = {p.name: p.read_bytes() for p in data.iterdir()}
    try:
        for name in ("datasets.json", "countries.csv"):
            _damage(data / name, "truncate")
        result = _cli(argv, copy, {"PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"})
    finally:
        for name, raw in saved.items():
            (data / name).write_bytes(raw)
    _one_line(result)
    if argv[0] not in ("--version", "--help"):
        assert result.returncode == 1, result
        if argv[0] != "verify":
            assert b"verify" in result.stderr


@pytest.mark.parametrize("argv", [
    ["show", "countries", "--head", "9" * 40],
    ["show", "staff_by_grade", "--as-published", "--head", "9" * 40],
    ["export", "countries", "-o", "a\0b.csv"],
    ["verify", "--data-dir", "a\0b"],
    ["describe", "x" * 10_000],
    ["show", "countries", "--nationality", "\0" * 500],
    ["export", "countries", "--format", "Q" * 10_000],
    ["search", "\0" * 500],
    ["search", "Kenya", "--limit", "9" * 40],
    ["search", "Kenya", "--kind", "Q" * 10_000],
    ["country", "x" * 10_000],
    ["country", "\0" * 500],
])
def test_no_traceback_on_odd_input(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = exc.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if status:
        assert err.startswith(("error: ", "usage: ")) and len(err.splitlines()[-1]) < 400, err
    else:
        assert out and err == ""
    assert status in (0, 1, 2)


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import iom_annual._data.registry

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(iom_annual._data.registry, "datasets", interrupt)
    assert main(["list"]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"


# --- CI cleans up after itself -------------------------------------------------------------


@pytest.mark.parametrize("fails_at", ["venv", "pip"])
def test_ci_removes_its_environment_when_a_step_fails(tmp_path: Path, fails_at: str) -> None:
    ci = Path(__file__).resolve().parent.parent / ".ci" / "run"
    if not ci.exists():
        pytest.skip("not a source checkout")  # an installed sdist has no .ci folder
    # A stand-in interpreter: it makes the environment (with an activate script
    # whose python fails) and then fails itself, or lets pip fail later.
    stub = tmp_path / "python"
    stub.write_text("#!/bin/sh\nmkdir -p \"$3/bin\"\n"
                    "printf 'python() { return 3; }\\n' > \"$3/bin/activate\"\n"
                    + ("exit 1\n" if fails_at == "venv" else "exit 0\n"))
    stub.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = subprocess.run(["bash", str(ci)], capture_output=True, check=False, timeout=60,
                            env={**os.environ, "PYTHON": str(stub), "TMPDIR": str(temp)})
    assert result.returncode != 0
    assert list(temp.iterdir()) == [], "the virtual environment was left behind"
