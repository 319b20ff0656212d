"""Check the bundled data: every file against its recorded hash, every invariant.

:func:`verify` re-reads the files (from the installed package, or from a
folder given to it) rather than the cached frames, so that a damaged copy is
caught even in a process that already loaded the data.  The manifest is
checked against the hash pinned in code, and every other file (the CSV
files, ``datasets.json`` and ``datapackage.json``) against the manifest.  A
missing or unreadable file is a failed check, never an exception.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from iom_annual._core.display import html_table, shorten
from iom_annual._core.records import Record
from iom_annual._data.loader import DataIntegrityError, hash_difference, read_file, recorded_hashes
from iom_annual._data.registry import annexes, data_file, edition, grade_groups

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import polars as pl

__all__ = ["Check", "VerifyReport", "verify"]


class Check(Record):
    """The outcome of one check.

    Attributes
    ----------
    name : str
        What was checked.
    passed : bool
        Whether it held.
    detail : str
        The value found, or what differs.

    Examples
    --------
    >>> from iom_annual import Check
    >>> Check("sha256 charts.csv", True, "matches the manifest")
    Check(ok: sha256 charts.csv: matches the manifest)
    """

    __slots__ = ()
    name: str
    passed: bool
    detail: str

    def __repr__(self) -> str:
        status = "ok" if self.passed else "FAIL"
        return f"Check({status}: {shorten(self.name, 80)}: {shorten(self.detail, 100)})"

    def _repr_html_(self) -> str:
        return html_table(("", "check", "detail"),
                          [("ok" if self.passed else "FAIL", self.name, self.detail)])


class VerifyReport(Record):
    """Every check :func:`verify` ran, in order.

    ``str(report)`` is a table of every check with a tally; in a notebook
    the report shows as an HTML table, failures first.

    Attributes
    ----------
    checks : tuple of Check
        The checks, in the order they ran: the files' hashes first, then
        the invariants between the tables.  The properties below sum
        them up.

    Examples
    --------
    >>> import iom_annual
    >>> report = iom_annual.verify()
    >>> report  # doctest: +ELLIPSIS
    VerifyReport(ok: ... passed, 0 failed)
    >>> report.checks[0]
    Check(ok: sha256 manifest.json: matches the hash pinned in the package)
    >>> report.failures
    ()
    """

    __slots__ = ()
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The checks that failed, in order."""
        return tuple(c for c in self.checks if not c.passed)

    def __str__(self) -> str:
        width = max((len(c.name) for c in self.checks), default=0)
        lines = [f"{'ok  ' if c.passed else 'FAIL'}  {c.name:<{width}}  {c.detail}" for c in self.checks]
        lines.append(self._tally())
        return "\n".join(lines)

    def _tally(self) -> str:
        failed = len(self.failures)
        return f"{len(self.checks) - failed} passed, {failed} failed"

    def __repr__(self) -> str:
        first = self.failures[0].name if self.failures else ""
        tail = f"; first failure: {shorten(first, 80)}" if first else ""
        return f"VerifyReport({'ok' if self.ok else 'FAILED'}: {self._tally()}{tail})"

    def _repr_html_(self) -> str:
        # Failures first: they are what a reader looks for.
        ordered = sorted(self.checks, key=lambda c: c.passed)
        return html_table(("", "check", "detail"),
                          [("ok" if c.passed else "FAIL", c.name, c.detail) for c in ordered],
                          caption=f"verify(): {self._tally()}")


def _file_checks(read: Callable[[str], bytes]) -> Iterator[Check]:
    try:
        hashes = recorded_hashes(read)
    except DataIntegrityError as exc:  # nothing else can be checked without a trusted manifest
        yield Check("sha256 manifest.json", False, exc.problem)
        return
    yield Check("sha256 manifest.json", True, "matches the hash pinned in the package")
    package: dict[str, str] = {}
    try:
        resources = json.loads(read("datapackage.json"))["resources"]
        package = {r["path"]: r["hash"].removeprefix("sha256:") for r in resources}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # reported by datapackage.json's own check below
    for file, recorded in hashes.items():
        try:
            raw = read(file)
        except OSError as exc:
            yield Check(f"sha256 {file}", False, f"missing or unreadable ({type(exc).__name__})")
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != recorded:
            yield Check(f"sha256 {file}", False, hash_difference(digest, recorded))
        elif file.endswith(".csv") and package.get(file) != recorded:
            yield Check(f"sha256 {file}", False, "matches the manifest but not datapackage.json")
        else:
            yield Check(f"sha256 {file}", True, "matches the manifest"
                        + (" and datapackage.json" if file.endswith(".csv") else ""))


def _words(value: object) -> str:
    """A check's value as a reader reads it: not ``[]``, ``{}`` or ``True``."""
    from iom_annual._core.display import plain

    if isinstance(value, bool):
        return "holds for every row" if value else "does not hold for every row"
    if isinstance(value, (int, float)):
        return plain(value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {_words(v)}" for k, v in value.items()) if value else "none differs"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "none differs"
    return str(value)


def _equal(name: str, got: object, expected: object) -> Check:
    if got == expected:
        return Check(name, True, _words(got))
    return Check(name, False, f"{_words(got)}; expected {_words(expected)}")


def _invariants(load: Callable[[str], pl.DataFrame]) -> Iterator[Check]:
    import polars as pl

    nat = load("staff_by_nationality")
    cells = load("staff_by_grade")
    totals = load("printed_totals")
    sums = cells.group_by("nationality", "category").agg(pl.col("staff").sum())
    joined = nat.join(sums, on=["nationality", "category"], how="left")
    bad_rows = joined.filter((pl.col("staff") != pl.col("total"))
                             | (pl.col("female") + pl.col("male") != pl.col("total")))
    yield _equal("rows: grades and F + M add up to Total", bad_rows["nationality"].to_list(), [])
    for category, numeral in annexes().items():
        annex = f"Annex {numeral}"
        printed = dict(totals.filter(category=category).select("column", "value").rows())
        got = dict(cells.filter(category=category).group_by("grade").agg(pl.col("staff").sum()).rows())
        own = nat.filter(category=category)
        got.update({"Total": own["total"].sum(), "F": own["female"].sum(), "M": own["male"].sum()})
        yield _equal(f"columns: {annex} sums to its printed Total row",
                     {k: got[k] for k in printed if got.get(k) != printed[k]}, {})
    year = edition().year  # the year the edition reports on: its annexes are as of its end
    t1 = load("professional_staff_by_sex")
    t2 = load("professional_women_by_grade").filter(year=year)
    t3 = load("senior_staff_by_sex")
    t4 = load("staff_headcount")
    iv = load("nationalities_represented")
    for label, table in (("Table 1", t1), (f"Table 2 ({year})", t2), ("Table 3", t3)):
        yield _equal(f"Annex I {label}: men + women = total",
                     (table["men"] + table["women"] == table["total"]).all(), True)
    yield _equal("Annex I Table 4: Professional + General Service = total",
                 (t4["international_professional"] + t4["general_service"] == t4["total"]).all(), True)
    yield _equal(f"Annex I Table 1 = Table 4, Professional {min(t1['year'].to_list())}-{year}",
                 t1.join(t4, on="year").select(pl.col("total") == pl.col("international_professional"))
                 .to_series().all(), True)
    yield _equal(f"Annex I Table 2 adds up to Table 1 ({year})", t2["total"].sum(),
                 t1.filter(year=year)["total"].item())
    grades = dict(cells.filter(category="professional").group_by("grade").agg(pl.col("staff").sum()).rows())
    annex_iii = {group: sum(grades[g] for g in members) for group, members in grade_groups().items()}
    yield _equal("Annex III per grade = Annex I Table 2", annex_iii, dict(t2.select("grade", "total").rows()))
    yield _equal(f"Annex II total = Annex I Table 4 General Service ({year})",
                 nat.filter(category="general_service")["total"].sum(),
                 t4.filter(year=year)["general_service"].item())
    yield _equal("Annex IV: Member State + non-member = total nationalities",
                 (iv["member_state_nationalities"] + iv["non_member_state_nationalities"]
                  == iv["total_nationalities"]).all(), True)
    members = nat.filter(category="professional", member_state=True).filter(pl.col("total") > 0).height
    yield _equal(f"Annex III Member State rows with staff = Annex IV ({year})", members,
                 iv.filter(year=year)["member_state_nationalities"].item())
    yield _corroboration(load("corroboration"), load("key_figures"))
    yield from _finance(load)


def _finance(load: Callable[[str], pl.DataFrame]) -> Iterator[Check]:
    """The CEB series: functions add up to total expenses; report rows hold key_figures' values."""
    import polars as pl

    expenses = load("finance_expenses")
    parts = expenses.filter(pl.col("function") != "total").group_by("year").agg(parts=pl.col("amount").sum())
    off = (expenses.filter(function="total").join(parts, on="year", how="full", coalesce=True)
           .filter(((pl.col("amount") - pl.col("parts")).abs() > 0.01).fill_null(True))["year"])
    yield _equal("finance: expenses by function add up to total expenses", sorted(off.to_list()), [])
    report = load("finance_report").join(load("key_figures").select(pl.col("id").alias("figure_id"), "value"),
                                         on="figure_id", how="left")
    stale = report.filter(pl.col("value").is_null() | (pl.col("value") != pl.col("report_value")))
    yield _equal("finance_report rows match key_figures", stale["figure_id"].to_list(), [])


def _corroboration(rows: pl.DataFrame, figures: pl.DataFrame) -> Check:
    """Each comparison holds its figure's value; the detail counts what outside sources confirm."""
    import polars as pl

    values = figures.select(pl.col("id").alias("figure_id"), "value")
    stale = rows.join(values, on="figure_id", how="left").filter(
        pl.col("value").is_null() | (pl.col("value") != pl.col("report_value")))["figure_id"].to_list()
    if stale:
        return Check("corroboration rows match key_figures", False, f"stale: {', '.join(stale)}")
    counted = rows.filter(pl.col("restates").is_null())  # a repeated comparison is not counted again
    confirmed = counted.filter(agreement="agrees")["figure_id"].n_unique()
    differ = sorted(set(counted.filter(agreement="differs")["figure_id"]))
    detail = f"{confirmed} figures confirmed by outside sources; {len(differ)} differ: {', '.join(differ)}"
    return Check("corroboration rows match key_figures", True, detail)


def verify(data_dir: str | Path | None = None) -> VerifyReport:
    """Check the bundled files and every invariant between the tables.

    Parameters
    ----------
    data_dir : str or Path, optional
        A folder holding a copy of the data files; by default the files
        installed with the package.

    Returns
    -------
    VerifyReport
        ``report.ok`` is True when every check passed; ``str(report)`` is a
        readable table.  A missing, truncated or unparsable file is a failed
        check, not an exception.

    Raises
    ------
    TypeError
        If ``data_dir`` is neither a string nor a path-like object.
    IncompatibleOptionsError
        If ``data_dir`` holds a NUL character (no path can).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.verify().ok
    True

    A folder without the data files fails, and says why:

    >>> import tempfile
    >>> report = iom_annual.verify(tempfile.mkdtemp())
    >>> report.ok, report.failures[0].name
    (False, 'sha256 manifest.json')
    """
    if isinstance(data_dir, (str, os.PathLike)) and "\x00" in str(os.fspath(data_dir)):
        from iom_annual._output.export import IncompatibleOptionsError

        raise IncompatibleOptionsError(f"the data folder {shorten(repr(os.fspath(data_dir)), 80)} "
                                       "holds a NUL character")
    folder = Path(data_dir) if data_dir is not None else None

    def read(name: str) -> bytes:
        return data_file(name) if folder is None else (folder / name).read_bytes()

    checks = list(_file_checks(read))
    try:
        checks.extend(_invariants(lambda name: read_file(name, folder)))
    except Exception as exc:  # a damaged file may not even parse: report it, don't raise
        checks.append(Check("tables readable", False, shorten(f"{type(exc).__name__}: {exc}", 200)))
    return VerifyReport(tuple(checks))
