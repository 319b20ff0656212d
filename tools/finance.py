"""IOM's revenue and expenses 2011-2024, from the UN System Chief Executives Board's statistics.

The input is the pinned copy in ``tools/upstream/ceb`` (written once by
``tools/ceb_extract.py`` from ``un-fck/open.unfck.org`` at a fixed commit);
:func:`read_upstream` refuses it unless every file's SHA-256 matches the
manifest there.  Nothing here reads the network.

Three kinds of upstream file, marked in each row's ``origin``:

- ``ceb_table``: the CEB's own tables as the site cleaned them
  (``data/ceb/clean/*.csv``), one row per amount;
- ``compiled``: the site's compilation of expenses per entity
  (``data/ceb/fused/expenses.csv``), each row tagged as coming from the CEB;
- ``derived``: the JSON files the site builds for its pages
  (``public/data/*.json``), which regroup the CEB's rows.

Where a derived file and a CEB table give the same quantity and disagree,
both are kept and :func:`checks` records the disagreement; years whose rows are
missing or implausible are left out and recorded there too, with the reason.
"""

from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.corroboration import check_mark
from tools.key_figures import CurationError
from tools.key_figures import _read as read_curated

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

Row = dict[str, Any]

UPSTREAM = Path(__file__).resolve().parent / "upstream" / "ceb"
REPOSITORY = "un-fck/open.unfck.org"

# The CEB's revenue codes: the first three characters give the group.  Before
# 2018 IOM reports only the four groups (R01-R04); from 2018 it splits them
# (R02A untied, R03A pooled funds, R03E project-specific, R04C external, ...).
REVENUE_GROUPS = {"R01": "assessed", "R02": "voluntary_unearmarked", "R03": "voluntary_earmarked",
                  "R04": "other"}
# The derived revenue file's type keys, in the same groups.
DERIVED_GROUPS = {"Assessed": "assessed", "Voluntary un-earmarked": "voluntary_unearmarked",
                  "Voluntary earmarked": "voluntary_earmarked", "Other": "other"}
FUNCTIONS = {"Development Assistance": "development", "Humanitarian Assistance": "humanitarian",
             "Global Agenda and Specialised Assistance": "global_agenda"}
DONOR_FIELDS = {"total": "total", **DERIVED_GROUPS}


def _differ(a: float, b: float) -> bool:
    # A cent or less is the files' floating-point and rounding noise, not a disagreement.
    return round(abs(a - b), 2) > 0.01

# Years of IOM's country rows that are not shipped, and why.  2013 and 2014 have
# no IOM row at all; 2015 has two, which cannot be IOM's spending by country.
COUNTRY_YEARS_LEFT_OUT = {
    2015: ("IOM has rows for two countries only, Canada (USD 459.3 million) and Switzerland "
           "(USD 75.5 million), together a third of its expenses that year, while every later year "
           "spreads over 157 or more countries; read as a reporting error, not as spending in Canada."),
}


class UpstreamError(RuntimeError):
    """The pinned copy of the CEB rows is missing, changed or not as expected."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_upstream(folder: Path = UPSTREAM) -> tuple[dict[str, Any], dict[str, list[dict[str, str]]]]:
    """The manifest and the rows of every pinned file, after checking each file's SHA-256.

    Raises
    ------
    UpstreamError
        A file is missing or its bytes are not the ones the manifest pins.
    """
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise UpstreamError(f"{manifest_path} is missing")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("repository") != REPOSITORY:
        raise UpstreamError(f"{manifest_path}: repository is not {REPOSITORY}")
    tables: dict[str, list[dict[str, str]]] = {}
    for name, pin in manifest["files"].items():
        path = folder / name
        if not path.exists():
            raise UpstreamError(f"{path} is missing")
        digest = _sha256(path)
        if digest != pin["sha256"]:
            raise UpstreamError(f"{path}: sha256 {digest} is not the pinned {pin['sha256']}")
        with path.open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    return manifest, tables


def ranges(numbers: Iterable[int]) -> str:
    """Line numbers written compactly: ``[5, 6, 7, 9]`` -> ``"5-7, 9"``."""
    out: list[str] = []
    ordered = sorted(numbers)
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _lines(rows: Sequence[Mapping[str, str]]) -> str:
    numbers = [int(r["upstream_row"]) for r in rows]
    return f"row{'s' if len(numbers) > 1 else ''} {ranges(numbers)}"


def _amount(text: str) -> float:
    # Sums of many rows are rounded to the cent: the CEB's amounts have at most two decimals.
    return float(round(Decimal(text), 2))


def _total(texts: Iterable[str]) -> float:
    return float(round(sum((Decimal(t) for t in texts), Decimal(0)), 2))


def revenue(manifest: Mapping[str, Any], tables: Mapping[str, list[dict[str, str]]]) -> list[Row]:
    """Revenue by type and year: the CEB table's codes, then the derived file's types."""
    commit = manifest["commit"]
    path = manifest["files"]["revenue_sub_agency.csv"]["upstream"]
    by_code: dict[tuple[int, str], list[dict[str, str]]] = {}
    for row in tables["revenue_sub_agency.csv"]:
        by_code.setdefault((int(row["calendar_year"]), row["sub_type"]), []).append(row)
    rows: list[Row] = []
    for (year, code), group in sorted(by_code.items()):
        if code[:3] not in REVENUE_GROUPS:
            raise UpstreamError(f"{path}: unknown revenue code {code!r} in {year}")
        rows.append({
            "year": year, "origin": "ceb_table", "type_code": code,
            "type_name": "; ".join(dict.fromkeys(r["sub_type_name"] for r in group)),
            "group": REVENUE_GROUPS[code[:3]], "amount": _total(r["amount"] for r in group),
            "file": path, "commit": commit,
            "located": _lines(group),
        })
    pattern = manifest["files"]["entity_revenue.csv"]["upstream"]
    for row in tables["entity_revenue.csv"]:
        if row["donor"] or row["field"] == "total":
            continue
        if row["field"] not in DERIVED_GROUPS:
            raise UpstreamError(f"{pattern}: unknown revenue type {row['field']!r}")
        year = int(row["year"])
        rows.append({
            "year": year, "origin": "derived", "type_code": row["field"], "type_name": row["field"],
            "group": DERIVED_GROUPS[row["field"]], "amount": _amount(row["amount"]),
            "file": pattern.format(year=year), "commit": commit, "located": row["key"],
        })
    return rows


def expenses(manifest: Mapping[str, Any], tables: Mapping[str, list[dict[str, str]]]) -> list[Row]:
    """Expenses per year: the total of the compiled file, then the CEB table's three functions."""
    commit = manifest["commit"]
    rows: list[Row] = []
    path = manifest["files"]["expenses_fused.csv"]["upstream"]
    for row in tables["expenses_fused.csv"]:
        if row["source"] != "ceb":
            raise UpstreamError(f"{path} row {row['upstream_row']}: source {row['source']!r}, not the CEB")
        rows.append({"year": int(row["year"]), "origin": "compiled", "function": "total",
                     "function_name": "Total expenses", "amount": _amount(row["amount"]),
                     "file": path, "commit": commit, "located": f"row {row['upstream_row']}"})
    path = manifest["files"]["expenses_sub_agency.csv"]["upstream"]
    by_function: dict[tuple[int, str], list[dict[str, str]]] = {}
    for row in tables["expenses_sub_agency.csv"]:
        if row["currency"] != "USD" or row["transaction_type"] not in FUNCTIONS:
            raise UpstreamError(f"{path} row {row['upstream_row']}: unexpected currency or function")
        by_function.setdefault((int(row["calendar_year"]), row["transaction_type"]), []).append(row)
    rows.extend({
        "year": year, "origin": "ceb_table", "function": FUNCTIONS[name], "function_name": name,
        "amount": _total(r["amount"] for r in group), "file": path, "commit": commit,
        "located": _lines(group),
    } for (year, name), group in sorted(by_function.items()))
    rows.sort(key=lambda r: (r["year"], r["function"] != "total"))
    return rows


def by_country(manifest: Mapping[str, Any], tables: Mapping[str, list[dict[str, str]]]) -> list[Row]:
    """Expenses by country and year, without the years of :data:`COUNTRY_YEARS_LEFT_OUT`."""
    pattern = manifest["files"]["country_expenses.csv"]["upstream"]
    rows = [{
        "year": int(row["year"]), "iso3": row["iso3"], "country": row["name"],
        "amount": _amount(row["amount"]), "origin": "derived",
        "file": pattern.format(year=row["year"]), "commit": manifest["commit"], "located": row["key"],
    } for row in tables["country_expenses.csv"] if int(row["year"]) not in COUNTRY_YEARS_LEFT_OUT]
    rows.sort(key=lambda r: (r["year"], -r["amount"], r["iso3"]))
    return rows


def donors(manifest: Mapping[str, Any], tables: Mapping[str, list[dict[str, str]]],
           iso3: Callable[[str], str | None]) -> list[Row]:
    """Revenue by donor and year, with the donor's category and, for a government, its ISO3 code.

    Raises
    ------
    UpstreamError
        A government donor whose name ``iso3`` cannot code, or a donor without category.
    """
    pattern = manifest["files"]["entity_revenue.csv"]["upstream"]
    category = {(r["year"], r["donor"]): r["category"] for r in tables["donors.csv"]}
    by_donor: dict[tuple[str, str], Row] = {}
    for row in tables["entity_revenue.csv"]:
        if not row["donor"]:
            continue
        key = (row["year"], row["donor"])
        if key not in by_donor:
            kind = category.get(key)
            if kind is None:
                raise UpstreamError(f"{row['year']} {row['donor']!r}: no category in the donor file")
            code = iso3(row["donor"]) if kind == "Government" else None
            if kind == "Government" and code is None:
                raise UpstreamError(f"{row['year']} government donor {row['donor']!r}: no ISO3 code")
            by_donor[key] = {
                "year": int(row["year"]), "donor": row["donor"], "donor_type": kind, "iso3": code,
                **dict.fromkeys(DONOR_FIELDS.values()), "origin": "derived",
                "file": pattern.format(year=row["year"]), "commit": manifest["commit"],
                "located": row["key"].rsplit(".", 1)[0],
            }
        if row["field"] not in DONOR_FIELDS:
            raise UpstreamError(f"{pattern}: unknown donor field {row['field']!r}")
        by_donor[key][DONOR_FIELDS[row["field"]]] = _amount(row["amount"])
    return sorted(by_donor.values(), key=lambda r: (r["year"], -r["total"], r["donor"]))


def checks(manifest: Mapping[str, Any], tables: Mapping[str, list[dict[str, str]]],
           revenue_rows: Sequence[Row], expense_rows: Sequence[Row], donor_rows: Sequence[Row]) -> list[Row]:
    """Every disagreement between two files, and every year left out or missing, as rows."""
    out: list[Row] = []

    def add(kind: str, year: int, series: str, what: str, a: tuple[str, float | None],
            b: tuple[str, float | None] = ("", None), note: str = "") -> None:
        diff = None if a[1] is None or b[1] is None else round(a[1] - b[1], 2)
        out.append({"id": f"{series}.{year}", "kind": kind, "year": year, "series": series, "what": what,
                    "file_a": a[0], "value_a": a[1], "file_b": b[0] or None, "value_b": b[1],
                    "difference": diff, "note": note})

    groups: dict[tuple[str, int, str], float] = {}
    for row in revenue_rows:
        key = (row["origin"], row["year"], row["group"])
        groups[key] = round(groups.get(key, 0.0) + row["amount"], 2)
    table_file = manifest["files"]["revenue_sub_agency.csv"]["upstream"]
    derived = manifest["files"]["entity_revenue.csv"]["upstream"]
    totals = {int(r["year"]): _amount(r["amount"]) for r in tables["entity_revenue.csv"]
              if r["field"] == "total" and not r["donor"]}
    for (origin, year, group), value in sorted(groups.items()):
        if origin != "derived":
            continue
        table_value = groups.get(("ceb_table", year, group), 0.0)
        if _differ(table_value, value):
            add("disagreement", year, f"revenue.{group}",
                f"IOM's {group.replace('_', ' ')} revenue in {year}: "
                "the derived file and the CEB table differ",
                (derived.format(year=year), value), (table_file, table_value),
                "Both kept in finance_revenue (origin derived and ceb_table); the files do not say why "
                "they differ. finance_by_year() uses the CEB table.")
    for year, value in sorted(totals.items()):
        table_total = round(sum(v for (o, y, _), v in groups.items() if o == "ceb_table" and y == year), 2)
        if _differ(table_total, value):
            add("disagreement", year, "revenue.total",
                f"IOM's total revenue in {year}: the derived file and the CEB table differ",
                (derived.format(year=year), value), (table_file, table_total))
    for year in sorted({r["year"] for r in donor_rows}):
        summed = round(sum(r["total"] for r in donor_rows if r["year"] == year), 2)
        if _differ(summed, totals[year]):
            add("coverage", year, "revenue.by_donor",
                f"IOM's listed donors in {year} do not add up to its total revenue in the same file",
                (derived.format(year=year) + " (sum of by_donor)", summed),
                (derived.format(year=year) + " (total)", totals[year]),
                f"The donors listed cover {100 * summed / totals[year]:.1f} per cent of the total; "
                "revenue without a named contributor is not in the list.")
    compiled = {r["year"]: r["amount"] for r in expense_rows if r["function"] == "total"}
    for year, total in sorted(compiled.items()):
        parts = round(sum(r["amount"] for r in expense_rows
                          if r["year"] == year and r["function"] != "total"), 2)
        if _differ(parts, total):
            add("disagreement", year, "expenses.total", f"IOM's expenses by function in {year} do not add "
                "up to its total expenses", (manifest["files"]["expenses_sub_agency.csv"]["upstream"], parts),
                (manifest["files"]["expenses_fused.csv"]["upstream"], total))
    country_file = manifest["files"]["country_expenses.csv"]["upstream"]
    have = {int(r["year"]) for r in tables["country_expenses.csv"]}
    for year in sorted(set(range(2013, 2025)) - have):
        add("missing", year, "expenses.by_country", f"The country file for {year} has no row for IOM",
            (country_file.format(year=year), None),
            note="Nothing to ship: IOM's expenses by country start in 2016.")
    for year, reason in sorted(COUNTRY_YEARS_LEFT_OUT.items()):
        shown = round(sum(_amount(r["amount"]) for r in tables["country_expenses.csv"]
                          if int(r["year"]) == year), 2)
        add("left_out", year, "expenses.by_country",
            f"IOM's expenses by country in {year} are left out of finance_by_country",
            (country_file.format(year=year) + " (sum of IOM's rows)", shown),
            (manifest["files"]["expenses_fused.csv"]["upstream"] + " (total expenses)", compiled[year]),
            reason)
    return out


REPORT_COLUMNS = ("figure_id", "measure", "year", "agreement", "note")


def _measures(revenue_rows: Sequence[Row], expense_rows: Sequence[Row],
              donor_rows: Sequence[Row]) -> dict[str, Callable[[int], tuple[float, str]]]:
    """Each quantity the report's finance figures can be held against, by name: year -> (value, how)."""

    def revenue_of(year: int, group: str | None = None) -> float:
        return round(sum(r["amount"] for r in revenue_rows if r["origin"] == "ceb_table"
                         and r["year"] == year and group in (None, r["group"])), 2)

    def expenses_of(year: int) -> float:
        return float(next(r["amount"] for r in expense_rows
                          if r["year"] == year and r["function"] == "total"))

    def pct(a: float, b: float) -> float:
        return round(100 * a / b, 4)

    return {
        "revenue_total": lambda y: (revenue_of(y), f"finance_revenue: sum of the CEB table's {y} rows"),
        "revenue_change_pct": lambda y: (
            round(pct(revenue_of(y), revenue_of(y - 1)) - 100, 4),
            f"finance_revenue: 100 * (total {y} / total {y - 1} - 1), CEB table rows"),
        "assessed_share_pct": lambda y: (
            pct(revenue_of(y, "assessed"), revenue_of(y)),
            f"finance_revenue: 100 * assessed {y} / total {y}, CEB table rows"),
        "unearmarked": lambda y: (revenue_of(y, "voluntary_unearmarked"),
                                  f"finance_revenue: voluntary unearmarked {y}, CEB table rows"),
        "unearmarked_donors": lambda y: (
            float(sum(1 for r in donor_rows if r["year"] == y and (r["voluntary_unearmarked"] or 0) > 0)),
            f"finance_donors: donors in {y} with a voluntary unearmarked amount (derived file)"),
        "expenses_total": lambda y: (expenses_of(y), f"finance_expenses: total {y}"),
        "expenses_change_pct": lambda y: (
            round(pct(expenses_of(y), expenses_of(y - 1)) - 100, 4),
            f"finance_expenses: 100 * (total {y} / total {y - 1} - 1)"),
    }


def report_figures(folder: Path, figures: Sequence[Row], revenue_rows: Sequence[Row],
                   expense_rows: Sequence[Row], donor_rows: Sequence[Row]) -> list[Row]:
    """The report's finance figures held against the series, from ``finance_report.csv``.

    Raises
    ------
    CurationError
        An unknown figure or measure, an agreement the rounding rule contradicts,
        a ``not_comparable`` row without a note, or a finance figure with no row.
    """
    from iom_annual import dataset

    # The marks allowed are the registry's, the one place they are written down.
    agreements = dataset("finance_report").column("agreement").allowed_values or ()
    by_id = {r["id"]: r for r in figures}
    measures = _measures(revenue_rows, expense_rows, donor_rows)
    path = folder / "finance_report.csv"
    rows: list[Row] = []
    for row in read_curated([path], REPORT_COLUMNS):
        where = f"{path.name}: {row['figure_id']}"
        figure = by_id.get(row["figure_id"])
        if figure is None or row["measure"] not in measures or row["agreement"] not in agreements:
            raise CurationError(f"{where}: unknown figure, measure or agreement")
        value, how = measures[row["measure"]](int(row["year"]))
        check_mark(where, row["agreement"], row["note"], figure, value)
        rows.append({"figure_id": row["figure_id"], "report_value": figure["value"],
                     "as_printed": figure["as_printed"], "qualifier": figure["qualifier"],
                     "unit": figure["unit"], "year": int(row["year"]), "series_value": value,
                     "computed_as": how, "agreement": row["agreement"], "note": row["note"] or None})
    missing = sorted({f["id"] for f in figures if f["theme"] == "finance"} - {r["figure_id"] for r in rows})
    if missing:
        raise CurationError(f"{path.name}: no row for the finance figures {missing}")
    return rows


def build(folder: Path, figures: Sequence[Row], iso3: Callable[[str], str | None],
          upstream: Path = UPSTREAM) -> dict[str, list[Row]]:
    """Every finance dataset, by registry name."""
    manifest, tables = read_upstream(upstream)
    data = {
        "finance_revenue": revenue(manifest, tables),
        "finance_expenses": expenses(manifest, tables),
        "finance_by_country": by_country(manifest, tables),
        "finance_donors": donors(manifest, tables, iso3),
    }
    data["finance_checks"] = checks(manifest, tables, data["finance_revenue"], data["finance_expenses"],
                                    data["finance_donors"])
    data["finance_report"] = report_figures(folder, figures, data["finance_revenue"],
                                            data["finance_expenses"], data["finance_donors"])
    return data
