"""Check the bundled data: every file against its recorded hash, every invariant.

:func:`verify` re-reads the files (from the installed package, or from a
folder given to it) rather than the cached frames, so that a damaged copy is
caught even in a process that already loaded the data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from iom_annual._loader import read_file
from iom_annual._registry import data_file, datasets, grade_groups

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import polars as pl

__all__ = ["Check", "VerifyReport", "verify"]


@dataclass(frozen=True)
class Check:
    """The outcome of one check."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class VerifyReport:
    """Every check :func:`verify` ran, in order."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def __str__(self) -> str:
        width = max(len(c.name) for c in self.checks)
        lines = [f"{'ok  ' if c.passed else 'FAIL'}  {c.name:<{width}}  {c.detail}" for c in self.checks]
        passed = sum(c.passed for c in self.checks)
        lines.append(f"{passed} passed, {len(self.checks) - passed} failed")
        return "\n".join(lines)


def _file_checks(read: Callable[[str], bytes]) -> Iterator[Check]:
    manifest = json.loads(read("manifest.json"))["files"]
    package = json.loads(read("datapackage.json"))
    hashes = {r["path"]: r["hash"].removeprefix("sha256:") for r in package["resources"]}
    for meta in datasets():
        try:
            raw = read(meta.file)
        except FileNotFoundError:
            yield Check(f"file {meta.file}", False, "missing")
            continue
        digest = hashlib.sha256(raw).hexdigest()
        recorded = manifest[meta.file]["sha256"]
        yield Check(f"sha256 {meta.file}", digest == recorded == hashes[meta.file],
                    "matches manifest and datapackage" if digest == recorded == hashes[meta.file]
                    else f"{digest[:12]} != recorded {recorded[:12]}")


def _equal(name: str, got: object, expected: object) -> Check:
    return Check(name, got == expected, f"{got}" if got == expected else f"{got} != {expected}")


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
    for category, annex in (("general_service", "Annex II"), ("professional", "Annex III")):
        printed = dict(totals.filter(category=category).select("column", "value").rows())
        got = dict(cells.filter(category=category).group_by("grade").agg(pl.col("staff").sum()).rows())
        own = nat.filter(category=category)
        got.update({"Total": own["total"].sum(), "F": own["female"].sum(), "M": own["male"].sum()})
        yield _equal(f"columns: {annex} sums to its printed Total row",
                     {k: got[k] for k in printed if got.get(k) != printed[k]}, {})
    t1 = load("professional_staff_by_sex")
    t2 = load("professional_women_by_grade").filter(year=2021)
    t3 = load("senior_staff_by_sex")
    t4 = load("staff_headcount")
    iv = load("nationalities_represented")
    for label, table in (("Table 1", t1), ("Table 2 (2021)", t2), ("Table 3", t3)):
        yield _equal(f"Annex I {label}: men + women = total",
                     (table["men"] + table["women"] == table["total"]).all(), True)
    yield _equal("Annex I Table 4: Professional + General Service = total",
                 (t4["international_professional"] + t4["general_service"] == t4["total"]).all(), True)
    yield _equal("Annex I Table 1 = Table 4, Professional 2017-2021",
                 t1.join(t4, on="year").select(pl.col("total") == pl.col("international_professional"))
                 .to_series().all(), True)
    yield _equal("Annex I Table 2 adds up to Table 1 (2021)", t2["total"].sum(),
                 t1.filter(year=2021)["total"].item())
    grades = dict(cells.filter(category="professional").group_by("grade").agg(pl.col("staff").sum()).rows())
    annex_iii = {group: sum(grades[g] for g in members) for group, members in grade_groups().items()}
    yield _equal("Annex III per grade = Annex I Table 2", annex_iii, dict(t2.select("grade", "total").rows()))
    yield _equal("Annex II total = Annex I Table 4 General Service (2021)",
                 nat.filter(category="general_service")["total"].sum(),
                 t4.filter(year=2021)["general_service"].item())
    yield _equal("Annex IV: Member State + non-member = total nationalities",
                 (iv["member_state_nationalities"] + iv["non_member_state_nationalities"]
                  == iv["total_nationalities"]).all(), True)
    members = nat.filter(category="professional", member_state=True).filter(pl.col("total") > 0).height
    yield _equal("Annex III Member State rows with staff = Annex IV (2021)", members,
                 iv.filter(year=2021)["member_state_nationalities"].item())
    yield _corroboration(load("corroboration"), load("key_figures"))


def _corroboration(rows: pl.DataFrame, figures: pl.DataFrame) -> Check:
    """Each comparison holds its figure's value; the detail counts what outside sources confirm."""
    import polars as pl

    values = figures.select(pl.col("id").alias("figure_id"), "value")
    stale = rows.join(values, on="figure_id", how="left").filter(
        pl.col("value").is_null() | (pl.col("value") != pl.col("report_value")))["figure_id"].to_list()
    if stale:
        return Check("corroboration rows match key_figures", False, f"stale: {', '.join(stale)}")
    confirmed = rows.filter(agreement="agrees")["figure_id"].n_unique()
    differ = sorted(set(rows.filter(agreement="differs")["figure_id"]))
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
        readable table.

    Raises
    ------
    FileNotFoundError
        If ``data_dir`` holds no ``manifest.json`` or ``datapackage.json``.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.verify().ok
    True
    """
    folder = Path(data_dir) if data_dir is not None else None

    def read(name: str) -> bytes:
        return data_file(name) if folder is None else (folder / name).read_bytes()

    checks = list(_file_checks(read))
    try:
        checks.extend(_invariants(lambda name: read_file(name, folder)))
    except Exception as exc:  # a damaged file may not even parse: report it, don't raise
        checks.append(Check("tables readable", False, f"{type(exc).__name__}: {exc}"))
    return VerifyReport(tuple(checks))
