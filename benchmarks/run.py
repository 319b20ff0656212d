"""Benchmark iom_annual's start-up, first use, warm calls and command line.

Run it with the interpreter whose environment has ``iom_annual`` installed::

    python benchmarks/run.py             # full run: 21 rounds, about a minute
    python benchmarks/run.py --quick     # 3 rounds: checks that everything runs (CI)
    python benchmarks/run.py --strict    # exit 1 if a target is missed
    python benchmarks/run.py --quick --strict   # CI: only the targets that 3 rounds can judge

Every figure is measured in this one run and each ratio is against its
baseline measured in the same run, with the cases interleaved round by round
so that a slow moment of the machine hits them all alike.  Start-up cases are
timed from process start to exit with the interpreter called by its full path
(``sys.executable``; a pyenv shim would add ~150 ms to every start).  Peak
memory is the maximum resident set size of the process, from ``wait4``.

The peer ``palmerpenguins`` (``pip install ".[bench]"``) ships one small
table; without it that comparison is reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

PY = sys.executable
# Byte-code caching on, as for an installed package (pip compiles it at install
# time): with PYTHONDONTWRITEBYTECODE=1 every start would recompile the
# package's modules, which no user sees.  The warm-up round writes the cache.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# Run inside a child process: a warm accessor call, in microseconds per call
# (the median of 201 batches of 200 calls).
WARM = """
import json, time, iom_annual
call = lambda: iom_annual.staff_by_nationality(%s)
call()
batches, per = 201, 200
times = []
for _ in range(batches):
    t0 = time.perf_counter()
    for _ in range(per):
        call()
    times.append((time.perf_counter() - t0) / per)
times.sort()
print(json.dumps({"value": times[len(times) // 2] * 1e6}))
"""
# The same, for any expression: the figures' accessors (whose shared objects are
# immutable, and whose figures are handed out as fresh copies).
WARM_EXPR = WARM.replace("iom_annual.staff_by_nationality(%s)", "%s")

# Run inside a fresh child process, polars already imported: what the integrity
# check adds to the first read (the manifest against its pin, the two metadata
# files and staff_by_nationality.csv against the manifest), in milliseconds.
INTEGRITY = """
import json, time, polars, iom_annual
from iom_annual._data import loader as _loader
from iom_annual._data import registry as _registry
meta = _registry.dataset("staff_by_nationality")
t0 = time.perf_counter()
_loader.checked_bytes(meta.file, _registry.data_file, _loader._bundled_hashes())
print(json.dumps({"value": (time.perf_counter() - t0) * 1e3}))
"""

# Run inside a fresh child process: every other dataset read for the first time,
# once the first one (and so polars) is loaded; milliseconds in all.
LOAD_REST = """
import json, time, iom_annual
iom_annual.staff_by_nationality()
names = [d.name for d in iom_annual.datasets() if d.name != "staff_by_nationality"]
t0 = time.perf_counter()
for name in names:
    iom_annual.load(name)
print(json.dumps({"value": (time.perf_counter() - t0) * 1e3, "datasets": len(names)}))
"""

# Run inside a child process: a warm search() (index built), in milliseconds per
# call: the median over rounds of a mix of questions, typos and codes.
WARM_SEARCH = """
import json, time, iom_annual
queries = ["vaccination", "Afghan returnees", "women by grade", "headcount 2005", "tuberculosys",
           "how many people did IOM reach with shelter", "KEN", "internally displaced people worldwide",
           "how many staff does IOM have", "Kenyan staff", "jabs", "resettlement to the US", "xylophone"]
for q in queries:
    iom_annual.search(q)
times = []
for _ in range(101):
    t0 = time.perf_counter()
    for q in queries:
        iom_annual.search(q)
    times.append((time.perf_counter() - t0) / len(queries))
times.sort()
print(json.dumps({"value": times[len(times) // 2] * 1e3}))
"""


def _cli(*args: str) -> list[str]:
    """The installed ``iom-annual`` script, run by this interpreter (else ``-m``)."""
    script = Path(PY).parent / "iom-annual"
    if script.is_file():
        return [PY, str(script), *args]
    return [PY, "-m", "iom_annual", *args]


@dataclass
class Case:
    name: str
    label: str
    argv: list[str]
    unit: str = "ms"
    inner: bool = False  # False: wall time of the process; True: the figure the child prints
    needs: str | None = None  # a module that must be importable
    times: list[float] = field(default_factory=list)
    peaks_kb: list[int] = field(default_factory=list)
    skipped: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks_kb) / 1024


def cases() -> list[Case]:
    return [
        Case("pass", 'python -c pass', [PY, "-c", "pass"]),
        Case("import", "import iom_annual", [PY, "-c", "import iom_annual"]),
        Case("polars", "python -c 'import polars'", [PY, "-c", "import polars"], needs="polars"),
        Case("first_frame", "import + first staff_by_nationality()",
             [PY, "-c", "import iom_annual; iom_annual.staff_by_nationality()"]),
        Case("penguins", "palmerpenguins.load_penguins()",
             [PY, "-c", "import palmerpenguins; palmerpenguins.load_penguins()"], needs="palmerpenguins"),
        Case("integrity", "integrity check of the first read", [PY, "-c", INTEGRITY], inner=True),
        Case("cli_version", "iom-annual --version", _cli("--version")),
        Case("first_figure", "import + first operations.wash.people_supported",
             [PY, "-c", "import iom_annual; iom_annual.operations.wash.people_supported"]),
        Case("first_key_figures", "import + first key_figures()",
             [PY, "-c", "import iom_annual; iom_annual.key_figures()"]),
        Case("cli_list", "iom-annual list", _cli("list")),
        Case("cli_describe", "iom-annual describe staff_by_grade", _cli("describe", "staff_by_grade")),
        Case("cli_help", "iom-annual --help", _cli("--help")),
        Case("warm", "warm staff_by_nationality() call", [PY, "-c", WARM % ""], unit="us", inner=True),
        Case("warm_filtered", "warm staff_by_nationality('professional', 'KEN')",
             [PY, "-c", WARM % "'professional', 'KEN'"], unit="us", inner=True),
        Case("warm_figure", "warm operations.wash.people_supported",
             [PY, "-c", WARM_EXPR % "iom_annual.operations.wash.people_supported"], unit="us", inner=True),
        Case("warm_figure_by_id", "warm figure('wash.people_supported')",
             [PY, "-c", WARM_EXPR % "iom_annual.figure('wash.people_supported')"], unit="us", inner=True),
        Case("load_rest", "every other dataset, first read", [PY, "-c", LOAD_REST], inner=True),
        Case("first_search", "import + first search('vaccination')",
             [PY, "-c", "import iom_annual; iom_annual.search('vaccination')"]),
        Case("warm_search", "warm search(), mixed questions", [PY, "-c", WARM_SEARCH], inner=True),
        Case("first_country", "import + first country('Kenya')",
             [PY, "-c", "import iom_annual; iom_annual.country('Kenya')"]),
        # country() takes about 0.6 ms, not microseconds: 201 x 10 calls keep the
        # case near one second a round instead of 24 s.
        Case("warm_country", "warm country('Kenya') call",
             [PY, "-c", (WARM_EXPR % "iom_annual.country('Kenya')").replace("per = 201, 200",
                                                                               "per = 201, 10")],
             unit="us", inner=True),
    ]


# (case, baseline, target ratio, text, judged in quick mode).  Baseline None: the
# target is the median itself.  Quick mode (3 rounds, CI) judges only the
# targets that stay far from their limit even on a loaded machine: the
# integrity check, the warm calls and the other datasets' first reads (each
# under 2/3 of its limit with 6 other jobs on 2 cores).  Process start-up
# ratios are not judged there: with 3 rounds on a shared machine they moved by
# 40% between runs (import iom_annual 1.00x quiet, 1.41x loaded; palmerpenguins
# 0.49x quiet, 0.63x loaded), more than their margin.  The full run (21 rounds)
# judges every target.
TARGETS: list[tuple[str, str | None, float, str, bool]] = [
    ("import", "pass", 1.5, "<= 1.5x python -c pass", False),
    ("first_frame", "polars", 1.15, "<= 1.15x import polars", False),
    ("first_frame", "penguins", 0.6, "<= 0.6x palmerpenguins", False),
    ("integrity", None, 2.0, "<= 2 ms", True),
    ("warm", None, 20.0, "<= 20 us", True),
    ("warm_filtered", None, 20.0, "<= 20 us", True),
    ("load_rest", None, 30.0, "<= 30 ms in total", True),
    ("first_figure", "first_frame", 1.3, "<= 1.3x first staff_by_nationality()", False),
    ("first_key_figures", "first_frame", 1.3, "<= 1.3x first staff_by_nationality()", False),
    ("warm_figure", None, 20.0, "<= 20 us", True),
    ("warm_figure_by_id", None, 20.0, "<= 20 us", True),
    ("cli_version", "pass", 2.0, "<= 2x python -c pass", False),
    ("cli_list", "pass", 2.5, "<= 2.5x python -c pass", False),
    ("cli_describe", "pass", 2.5, "<= 2.5x python -c pass", False),
    ("cli_help", "pass", 2.5, "<= 2.5x python -c pass", False),
    ("first_search", "first_frame", 1.3, "<= 1.3x first staff_by_nationality()", False),
    ("warm_search", None, 5.0, "< 5 ms", True),
    ("first_country", "first_frame", 1.3, "<= 1.3x first staff_by_nationality()", False),
    ("warm_country", None, 5000.0, "<= 5 ms", True),
]


# The benchmark runs each case through this small launcher: a child forked
# from a big process inherits its peak memory figure, so the launcher (python -S,
# no imports beyond os) spawns the case, waits for it and reports the wall time
# and the peak resident memory of that case alone, as the last line of stderr.
LAUNCH = """
import os, sys, time
t0 = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - t0
sys.stderr.write(f"\\n@@launch {os.waitstatus_to_exitcode(status)} {elapsed!r} {usage.ru_maxrss}\\n")
"""


def run_once(case: Case) -> None:
    proc = subprocess.run([PY, "-S", "-c", LAUNCH, *case.argv], capture_output=True, check=False,
                          env=ENV)
    err = proc.stderr.decode(errors="replace")
    head, _, tail = err.rpartition("@@launch ")
    code, elapsed, peak_kb = tail.split()
    if proc.returncode != 0 or code != "0":
        raise SystemExit(f"benchmark case {case.name!r} failed (exit {code}):\n"
                         f"{' '.join(case.argv)}\n{head}")
    case.peaks_kb.append(int(peak_kb))  # kilobytes on Linux
    if case.inner:
        case.times.append(float(json.loads(proc.stdout.decode().strip().splitlines()[-1])["value"]))
    else:
        case.times.append(float(elapsed) * 1e3)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts = {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({PY})",
        "os": f"{platform.system()} {platform.release()}",
    }
    for module in ("polars", "pydantic", "pandas", "palmerpenguins"):
        try:
            from importlib.metadata import version

            facts[module] = version(module)
        except Exception:  # not installed
            facts[module] = "not installed"
    return facts


def report(all_cases: dict[str, Case], rounds: int, quick: bool = False) -> tuple[str, list[bool]]:
    lines = [
        "| measurement | median | peak memory | baseline (median) | ratio | target | met? |",
        "| --- | ---: | ---: | --- | ---: | --- | :---: |",
    ]
    met: list[bool] = []

    def verdict(ok: bool, judged: bool) -> str:
        return ("yes" if ok else "NO") if judged else "not judged in quick mode"

    def fmt(case: Case) -> str:
        digits = 1 if case.unit == "ms" else 2
        return f"{case.median:.{digits}f} {case.unit}"

    shown: set[str] = set()
    for name, base, target, text, judged_quick in TARGETS:
        case = all_cases[name]
        judged = judged_quick or not quick
        if case.skipped:
            lines.append(f"| {case.label} | skipped: {case.skipped} | | | | {text} | |")
            continue
        shown.add(name)
        if base is None:
            ok = case.median <= target
            lines.append(f"| {case.label} | {fmt(case)} | {case.peak_mb:.0f} MB | | | {text} | "
                         f"{verdict(ok, judged)} |")
        else:
            b = all_cases[base]
            shown.add(base)
            if b.skipped:
                lines.append(f"| {case.label} | {fmt(case)} | {case.peak_mb:.0f} MB | {b.label}: "
                             f"skipped ({b.skipped}) | | {text} | |")
                continue
            ratio = case.median / b.median
            ok = ratio <= target
            lines.append(f"| {case.label} | {fmt(case)} | {case.peak_mb:.0f} MB | {b.label}: "
                         f"{fmt(b)}, {b.peak_mb:.0f} MB | {ratio:.2f}x | {text} | {verdict(ok, judged)} |")
        if judged:
            met.append(ok)
    lines.append(f"\n{rounds} rounds, cases interleaved; medians; peak memory = max RSS of the process.")
    if quick:
        lines.append("Quick mode: start-up ratios are not judged; 3 rounds cannot (see TARGETS).")
    return "\n".join(lines), met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds: check that every case runs")
    parser.add_argument("--rounds", type=int, help="rounds of every case (default 21, quick 3)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 21)
    if find_spec("iom_annual") is None:
        print(f"iom_annual is not importable by {PY}", file=sys.stderr)
        return 1

    all_cases = {c.name: c for c in cases()}
    for case in all_cases.values():
        if case.needs and find_spec(case.needs) is None:
            case.skipped = f"{case.needs} not installed"
    active = [c for c in all_cases.values() if not c.skipped]
    for case in active:  # warm-up round: file caches, .pyc files; not counted
        run_once(case)
        case.times.clear()
        case.peaks_kb.clear()
    for _ in range(rounds):
        for case in active:
            run_once(case)

    facts = machine()
    table, met = report(all_cases, rounds, quick=args.quick)
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in facts.items()))
    if shutil.which("pyenv") and "shims" in PY:
        print("warning: the interpreter is a pyenv shim; call it by its full path", file=sys.stderr)
    print(table)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": facts, "rounds": rounds,
            "cases": {c.name: {"times": c.times, "peak_kb": c.peaks_kb, "unit": c.unit,
                               "skipped": c.skipped} for c in all_cases.values()},
        }, indent=2))
    if args.strict and not all(met):
        print(f"{met.count(False)} target(s) missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
