"""A scripted hostile pass over the library and the command line (issue 18).

Run from a checkout::

    PYTHONPATH=src python tools/hostile.py          # the whole pass (~1 minute)
    PYTHONPATH=src python tools/hostile.py --quick  # without the child processes
    ... --no-devices  # without writing through a link to /dev/null (for an older version, as root)

Every case calls the package with hostile input and classifies what happened
by severity, worst first:

- ``data loss``: a file the caller had is changed or replaced without being
  asked, a special file (FIFO, device) is replaced, a temporary file is left;
- ``silent wrong answer``: a result that disagrees with the library's own
  answer to the same question (the command line against the API), an empty
  result for a bad argument, a "nan" or 300-digit phrase, edited metadata
  served;
- ``not ours``: an exception that is not the library's own (a bare
  ``ValueError``, a polars panic, a traceback on the command line);
- ``unclear``: a typed error whose message is longer than a line or two, or
  that blames the installation for a usage mistake.

A case that ends as documented (a result, or a typed error with a short
message) is ``ok``.  The summary counts cases by severity and lists every
finding; the exit status is 1 if any finding is of the two worst severities.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SEVERITIES = ("data loss", "silent wrong answer", "not ours", "unclear", "ok")
WORST = SEVERITIES[:2]


class Pass:
    """The cases run so far and their outcomes."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.findings: list[tuple[str, str, str]] = []

    def record(self, severity: str, case: str, detail: str = "") -> None:
        self.counts[severity] += 1
        if severity != "ok":
            self.findings.append((severity, case, detail[:300]))

    def call(self, case: str, run: Callable[[], Any],
             judge: Callable[[Any], str | None] | None = None) -> None:
        """Run one library call: a result (judged, if a judge is given) or an exception (classified)."""
        import iom_annual

        try:
            result = run()
        except (iom_annual.IomAnnualError, TypeError) as exc:
            message = str(exc)
            if "ambiguous" in message:
                self.record("not ours", case, f"{type(exc).__name__}: {message}")
            elif len(message) > 600:
                self.record("unclear", case, f"message of {len(message)} characters")
            else:
                self.record("ok", case)
            return
        except Exception as exc:  # not the library's own
            self.record("not ours", case, f"{type(exc).__name__}: {str(exc)[:200]}")
            return
        problem = judge(result) if judge is not None else None
        if problem is None:
            self.record("ok", case)
        else:
            self.record("silent wrong answer", case, problem)


def hostile_values() -> list[tuple[str, object]]:
    import numpy as np
    import polars as pl

    return [
        ("None", None), ("True", True), ("False", False), ("0", 0), ("-1", -1), ("2**70", 2**70),
        ("nan", math.nan), ("inf", math.inf), ("-inf", -math.inf), ("1e308", 1e308), ("1e28", 1e28),
        ("empty", ""), ("space", " "), ("NUL", "\x00"), ("100k chars", "a" * 100_000),
        ("1MB apostrophes", "'" * 1_000_000), ("Hebrew", "שלום"), ("Arabic", "ماء"), ("Chinese", "水"),
        ("Greek", "νερό"), ("fullwidth", "Ｋｅｎｙａ"), ("KEN", "KEN"), ("kenya", "kenya"), ("ken", "ken"),
        ("bytes", b"KEN"), ("list", ["KEN"]), ("empty list", []), ("dict", {}), ("polars expr", pl.col("x")),
        ("np.int64(404)", np.int64(404)), ("np.float64(nan)", np.float64("nan")),
        ("Decimal NaN", Decimal("NaN")), ("Fraction", Fraction(1, 3)), ("surrogate", "\udcff"),
        ("Lao curly", "Lao People’s Democratic Republic"), ("the Niger", "the Niger"),
        ("path up", "../../etc/passwd"), ("object", object()), ("UPPER WASH", "WASH"),
        ("superscript year", "²⁰²¹"),
    ]


def _frame_judge(allow_empty: bool) -> Callable[[Any], str | None]:
    def judge(result: Any) -> str | None:
        import polars as pl

        if isinstance(result, pl.DataFrame) and result.height == 0 and not allow_empty:
            return "an empty frame for a bad argument"
        return None

    return judge


def _phrase_judge(result: Any) -> str | None:
    text = str(result)
    if "nan" in text.lower().split() or "inf" in text.lower().split() or len(text) > 60:
        return f"phrase {text[:80]!r}"
    return None


def library_cases(run: Pass) -> None:
    import iom_annual
    from iom_annual.metrics import round_half_up

    calls: dict[str, tuple[Callable[[object], Any], Callable[[Any], str | None] | None]] = {
        "load(x)": (iom_annual.load, _frame_judge(False)),
        "dataset(x)": (lambda v: iom_annual.dataset(v).citation, None),
        "export(x, csv)": (lambda v: iom_annual.export(v, "csv"), None),
        "export(name, x)": (lambda v: iom_annual.export("staff_headcount", v), None),
        "export(hxl=x)": (lambda v: iom_annual.export("staff_headcount", "csv", hxl=v), None),
        "cite(x)": (iom_annual.cite, None),
        "themes(x)": (lambda v: iom_annual.themes(v) or None, None),
        "key_figures(x)": (iom_annual.key_figures, _frame_judge(False)),
        "figure(x)": (iom_annual.figure, None),
        "search(x)": (iom_annual.search, _frame_judge(True)),
        "search(kind=x)": (lambda v: iom_annual.search("water", kind=v), _frame_judge(False)),
        "search(limit=x)": (lambda v: iom_annual.search("water", limit=v), _frame_judge(False)),
        "country(x)": (iom_annual.country, None),
        "nationality_staff(x)": (lambda v: iom_annual.nationality_staff(v, "professional"), None),
        "staff_by_nationality(category=x)": (iom_annual.staff_by_nationality,
                                             _frame_judge(False)),
        "staff_by_nationality(nationality=x)": (lambda v: iom_annual.staff_by_nationality(nationality=v),
                                                _frame_judge(False)),
        "staff_by_nationality(as_models=x)": (
            lambda v: iom_annual.staff_by_nationality("professional", "KEN", as_models=v), None),
        "staff_by_grade(grade=x)": (lambda v: iom_annual.staff_by_grade(grade=v), _frame_judge(False)),
        "grades(x)": (iom_annual.grades, None),
        "value_phrase(x, people)": (lambda v: iom_annual.value_phrase(v, "people"), _phrase_judge),
        "value_phrase(5, x)": (lambda v: iom_annual.value_phrase(5, v), None),
        "value_phrase(5, people, x)": (lambda v: iom_annual.value_phrase(5, "people", v), None),
        "round_half_up(x)": (round_half_up, None),
        "verify(x)": (lambda v: iom_annual.verify(v) if v is not None else None, None),
        "columns(x)": (iom_annual.columns, _frame_judge(False)),
        "country(x) == country(x)": (lambda v: iom_annual.country(v) == iom_annual.country(v), None),
    }
    for label, value in hostile_values():
        for name, (call, judge) in calls.items():
            run.call(f"{name.replace('x', label, 1) if 'x' in name else name} [{label}]",
                     lambda call=call, value=value: call(value), judge)


def _cli(argv: list[str]) -> tuple[int, str, str]:
    from iom_annual.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _judge_cli(run: Pass, case: str, argv: list[str]) -> tuple[int, str, str]:
    try:
        code, out, err = _cli(argv)
    except BaseException as exc:  # SystemExit from argparse is fine; anything else is a traceback
        if isinstance(exc, SystemExit) and exc.code in (0, 2):
            run.record("ok", case)
            return int(exc.code or 0), "", ""
        run.record("not ours", case, f"{type(exc).__name__}: {exc}")
        return -1, "", ""
    if code not in (0, 1, 2):
        run.record("not ours", case, f"exit status {code}")
    elif "Traceback" in err or "unexpected" in err:
        run.record("not ours", case, err)
    elif code == 2 and "verify" in err:
        run.record("unclear", case, f"a usage mistake blamed on the installation: {err}")
    elif len(err) > 600 or err.count("\n") > 1:
        run.record("unclear", case, f"stderr of {len(err)} characters, {err.count(chr(10))} lines")
    elif code != 0 and len(out) > 600:
        run.record("unclear", case, f"a failure that printed {len(out)} characters")
    else:
        run.record("ok", case)
    return code, out, err


def cli_cases(run: Pass) -> None:
    text_values = [(label, v) for label, v in hostile_values() if isinstance(v, str) and "\x00" not in v]
    commands: list[tuple[str, Callable[[str], list[str]]]] = [
        ("show NAME", lambda v: ["show", v]),
        ("describe NAME", lambda v: ["describe", v]),
        ("show --nationality", lambda v: ["show", "staff_by_nationality", "--nationality", v]),
        ("show --grade", lambda v: ["show", "staff_by_grade", "--grade", v]),
        ("show --category", lambda v: ["show", "staff_by_grade", "--category", v]),
        ("show --theme", lambda v: ["show", "key_figures", "--theme", v]),
        ("show charts --theme", lambda v: ["show", "charts", "--theme", v]),
        ("show --year", lambda v: ["show", "staff_headcount", "--year", v]),
        ("show --columns", lambda v: ["show", "staff_headcount", "--columns", v]),
        ("search", lambda v: ["search", v]),
        ("search --kind", lambda v: ["search", "water", "--kind", v]),
        ("search --limit", lambda v: ["search", "water", "--limit", v]),
        ("country", lambda v: ["country", v]),
        ("figure", lambda v: ["figure", v]),
        ("cite --format", lambda v: ["cite", "--format", v]),
        ("export --format", lambda v: ["export", "staff_headcount", "--format", v]),
    ]
    for label, value in text_values:
        for name, make in commands:
            _judge_cli(run, f"iom-annual {name} [{label}]", make(str(value)))
    for argv in (["show", "staff_headcount", "--columns", "year,year"],
                 ["show", "staff_headcount", "--columns", ","],
                 ["show", "staff_headcount", "--head", "-1"], ["show", "staff_headcount", "--head", "10**9"],
                 ["show", "staff_by_nationality", "--as-published", "--year", "2021"], [], ["-V"],
                 ["show", "staff_headcount", "--nationality", "KEN"], ["figure", "wash"], ["figure", "WASH"]):
        _judge_cli(run, f"iom-annual {' '.join(argv)}", argv)


def agreement_cases(run: Pass) -> None:
    """The command line's show and the API give the same rows for every spelling of every nationality."""
    import iom_annual

    spellings: set[str] = set()
    for name in iom_annual.nationalities():
        spellings.update({name, name.upper(), name.lower(), f"the {name}", name.replace("'", "’")})
    spellings.update(c for c in iom_annual.load("staff_by_nationality")["iso3"].drop_nulls().unique())
    for spelling in sorted(spellings):
        case = f"show staff_by_nationality --nationality {spelling!r} = staff_by_nationality()"
        try:
            api: int | None = iom_annual.staff_by_nationality(nationality=spelling).height
        except iom_annual.UnknownNationalityError:
            api = None
        code, out, _ = _cli(["show", "staff_by_nationality", "--nationality", spelling, "--head", "0"])
        cli = int(out.splitlines()[-1].split(" of ")[1].split()[0]) if code == 0 else None
        run.record("ok" if cli == api else "silent wrong answer", case, f"API {api}, command line {cli}")
    from iom_annual._data.registry import grade_groups

    for grade in [*iom_annual.grades("professional"), *iom_annual.grades("general_service"), *grade_groups(),
                  "d-1-d-2", "ungraded", "ug"]:
        api = iom_annual.staff_by_grade(grade=grade).height
        code, out, _ = _cli(["show", "staff_by_grade", "--grade", grade, "--head", "0"])
        last = out.splitlines()[-1] if code == 0 else ""
        cli = int(last.split(" of ")[1].split()[0].replace(",", "")) if last else None
        run.record("ok" if cli == api else "silent wrong answer", f"show --grade {grade!r}",
                   f"{api} vs {cli}")


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    seen = {}
    for path in folder.iterdir():
        mode = os.lstat(path).st_mode
        seen[path.name] = (stat.S_IFMT(mode), path.read_bytes() if stat.S_ISREG(mode) else None)
    return seen


@contextlib.contextmanager
def _fifo_reader(path: Path) -> Iterator[list[bytes]]:
    got: list[bytes] = []

    def read() -> None:
        with contextlib.suppress(OSError):
            got.append(path.read_bytes())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield got
    finally:
        if reader.is_alive():  # the export did not open it: unblock the reader
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)


def export_cases(run: Pass, *, devices: bool = True) -> None:
    import iom_annual

    targets = ["new", "existing", "symlink to existing", "dangling symlink", "fifo", "symlink to /dev/null",
               "folder", "trailing slash", "symlink loop", "missing folder", "long name", "read-only file",
               "/dev/stdout-like fd link"]
    for target in targets:
        if target == "symlink to /dev/null" and not devices:
            continue
        for fmt in ("csv", "json", "parquet", "CSV"):
            for overwrite in (False, True):
                for hxl in (False, True):
                    if hxl and fmt.lower() != "csv":
                        continue
                    _export_case(run, iom_annual, target, fmt, overwrite, hxl)


def _export_case(run: Pass, iom_annual: Any, target: str, fmt: str, overwrite: bool, hxl: bool) -> None:
    case = f"export({fmt}, {target}, overwrite={overwrite}, hxl={hxl})"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path: Path | str = folder / "out.file"
        keep = b"KEEP\n"
        if target in ("existing", "symlink to existing", "read-only file"):
            (folder / "out.file").write_bytes(keep)
            if target == "read-only file":
                os.chmod(folder / "out.file", 0o444)
        if target == "symlink to existing":
            (folder / "link").symlink_to(folder / "out.file")
            path = folder / "link"
        elif target == "dangling symlink":
            (folder / "link").symlink_to(folder / "nowhere")
            path = folder / "link"
        elif target == "fifo":
            os.mkfifo(folder / "out.file")
        elif target == "symlink to /dev/null":
            (folder / "link").symlink_to(os.devnull)
            path = folder / "link"
        elif target == "folder":
            (folder / "out.file").mkdir()
        elif target == "trailing slash":
            path = str(folder / "out.file") + "/"
        elif target == "symlink loop":
            (folder / "link").symlink_to(folder / "link")
            path = folder / "link"
        elif target == "missing folder":
            path = folder / "missing" / "out.file"
        elif target == "long name":
            path = folder / ("x" * 300)
        elif target == "/dev/stdout-like fd link":
            log = folder / "log"
            log.write_bytes(keep)
            fd = os.open(log, os.O_WRONLY | os.O_APPEND)
            path = f"/proc/self/fd/{fd}" if os.path.exists("/proc/self/fd") else f"/dev/fd/{fd}"
        before = _snapshot(folder)
        null_mode = os.stat(os.devnull).st_mode
        error: BaseException | None = None
        try:
            with _fifo_reader(folder / "out.file") if target == "fifo" else contextlib.nullcontext([]):
                iom_annual.export("staff_headcount", fmt, path, overwrite=overwrite, hxl=hxl)
        except (iom_annual.IomAnnualError, OSError, TypeError) as exc:
            error = exc
        except Exception as exc:
            run.record("not ours", case, f"{type(exc).__name__}: {exc}")
            return
        finally:
            if target == "/dev/stdout-like fd link":
                os.close(fd)
        after = _snapshot(folder)
        leftovers = [n for n in after if n.endswith(".tmp")]
        if leftovers:
            run.record("data loss", case, f"temporary files left: {leftovers}")
        elif os.stat(os.devnull).st_mode != null_mode:
            run.record("data loss", case, "/dev/null was replaced")
        elif target == "fifo" and after.get("out.file", (0,))[0] != stat.S_IFIFO:
            run.record("data loss", case, "the FIFO was replaced by a regular file")
        elif target == "symlink to /dev/null" and after.get("link", (0,))[0] != stat.S_IFLNK:
            run.record("data loss", case, "the link was replaced")
        elif target == "/dev/stdout-like fd link" and not (after["log"][1] or b"").startswith(keep):
            run.record("data loss", case, "the log behind the stream was replaced, not appended to")
        elif not overwrite and target in ("existing", "symlink to existing", "read-only file") and \
                after.get("out.file") != before.get("out.file"):
            run.record("data loss", case, "an existing file was replaced without overwrite=True")
        elif error is not None and len(str(error)) > 600:
            run.record("unclear", case, f"message of {len(str(error))} characters")
        elif error is None and target in ("folder", "trailing slash", "symlink loop"):
            run.record("silent wrong answer", case, "written where no file can be")
        else:
            run.record("ok", case)


# --- child processes: standard streams, signals, the environment, edited metadata -----------

READERS = """
import contextlib, io, json, sys
import iom_annual
from iom_annual.cli import main
served = []
for name, call in {"datasets": iom_annual.datasets, "catalog": iom_annual.catalog, "cite": iom_annual.cite,
                   "edition": iom_annual.edition, "themes": iom_annual.themes,
                   "citation": lambda: iom_annual.dataset("staff_headcount").citation,
                   "load": lambda: iom_annual.load("staff_headcount")}.items():
    try:
        call()
        served.append(name)
    except iom_annual.DataIntegrityError:
        pass
for argv in (["list"], ["describe", "staff_headcount"], ["cite"], ["summary"]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        if main(argv) == 0:
            served.append(" ".join(argv))
print(json.dumps(served))
"""


def child_cases(run: Pass) -> None:
    import iom_annual

    package = Path(iom_annual.__file__).parent
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(package.parent)}
    cli = [sys.executable, "-m", "iom_annual"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(package, root / "iom_annual", ignore=shutil.ignore_patterns("__pycache__"))
        data = root / "iom_annual" / "data"
        for file in ("datasets.json", "manifest.json", "datapackage.json"):
            original = (data / file).read_bytes()
            for fraction in (0.1, 0.3, 0.5, 0.7, 0.9):
                at = int(len(original) * fraction)
                (data / file).write_bytes(original[:at] + bytes([original[at] ^ 0x02]) + original[at + 1:])
                try:
                    probe = subprocess.run([sys.executable, "-c", READERS], capture_output=True, timeout=120,
                                           check=False, cwd=root, env={**env, "PYTHONPATH": str(root)})
                finally:
                    (data / file).write_bytes(original)
                case = f"{file} with byte {at} changed"
                if probe.returncode != 0:
                    run.record("not ours", case, probe.stderr.decode()[-300:])
                else:
                    # datapackage.json is read only by load() (and what loads data): the other
                    # readers serve nothing of it, so they may answer.
                    readers = {"load", "summary"} if file == "datapackage.json" else None
                    served = [r for r in json.loads(probe.stdout) if readers is None or r in readers]
                    run.record("silent wrong answer" if served else "ok", case, f"served by {served}")
        for script, expect in [
            ("printf 'KEEP\\n' >log; $CLI export staff_headcount --format csv -o /dev/stdout >>log; "
             "head -c4 log", b"KEEP"),
            ("printf 'KEEP\\n' >log; $CLI export staff_headcount -o /dev/stderr --format csv 2>>log; "
             "head -c4 log", b"KEEP"),
            ("$CLI export staff_headcount --format csv -o /dev/stdout | head -c4", b"year"),
            ("$CLI show nope 2>&- | wc -c", b"0"),
            ("$CLI --help >&- ; echo $?", b"1"),
            ("$CLI >/dev/null; echo $?", b"0"),
            ("$CLI -V", b"iom-annual"),
            ("POLARS_MAX_THREADS=0 $CLI summary 2>&1 | wc -l", b"1"),
            ("POLARS_MAX_THREADS=x $CLI show staff_headcount 2>&1 | wc -l", b"1"),
        ]:
            result = subprocess.run(["sh", "-c", script], capture_output=True, timeout=120, check=False,
                                    cwd=root, env={**env, "CLI": " ".join(cli)})
            out = result.stdout.strip()
            if b"Traceback" in result.stderr or b"Traceback" in result.stdout:
                run.record("not ours", script, result.stderr.decode()[-300:])
            elif not out.startswith(expect):
                severity = "data loss" if "KEEP" in script else "unclear"
                run.record(severity, script, f"got {out[:80]!r}")
            else:
                run.record("ok", script)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    run = Pass()
    library_cases(run)
    cli_cases(run)
    agreement_cases(run)
    if sys.platform != "win32":
        # --no-devices: for a run against an older version, which (as root) could replace /dev/null.
        export_cases(run, devices="--no-devices" not in args)
        if "--quick" not in args:
            child_cases(run)
    total = sum(run.counts.values())
    print(f"hostile pass: {total} cases")
    for severity in SEVERITIES:
        print(f"  {severity:<20} {run.counts[severity]:>6}")
    for severity, case, detail in sorted(run.findings, key=lambda f: SEVERITIES.index(f[0])):
        print(f"[{severity}] {case}: {detail}")
    return 1 if any(run.counts[s] for s in WORST) else 0


if __name__ == "__main__":
    raise SystemExit(main())
