"""Hold the report's figures against public sources outside the report.

``tools/curated/corroboration.csv`` holds one row per comparison, each with
the value as the outside source gives it (or the arithmetic on values it
gives, in ``computed_as``), where in the source it was read, who first
published it, what kind of copy was read and whether the publisher is
independent of IOM.  The build adds the report's own value from
``key_figures`` and refuses a row that names no figure, uses a value outside
its column's vocabulary (the registry's ``allowed_values``), links an unknown
discrepancy or comparison, or calls a comparison ``agrees``/``differs``
against :func:`expected_agreement`.

A row whose ``restates`` names another row repeats that comparison and is
not counted again: the same publisher's fact held against the same figure
(another copy of the text), or the same outside value held against a
figure the report restates (the foreword's rounding of paragraph 122, which
must print the same value to its own precision).

The agreement rule: a figure stated plainly or approximately agrees when
the outside value, rounded to the precision the report prints ("2,549.5
million" is to the USD 0.1 million), equals it; "over"/"more than" agrees
when the outside value is at least the bound, "less than"/"up to" when it is
at most the bound.  ``not_comparable`` rows are exempt: they measure
something else (another period, movements instead of people) and say why.
"""

from __future__ import annotations

import ast
import operator
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from tools.key_figures import CurationError
from tools.key_figures import _read as read_curated
from tools.report_text import normalise

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

Row = dict[str, Any]

CURATED_COLUMNS = ("id", "figure_id", "outside_value", "computed_as", "outside_unit", "outside_as_printed",
                   "publisher", "copy", "independent_of_iom", "restates",
                   "source", "url", "published", "located", "agreement", "discrepancy", "note")
_BOOLEAN = {"true": True, "false": False}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SCALE = {"thousand": 3, "million": 6, "billion": 9}
_OPERATORS: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}


def vocabulary(column: str) -> tuple[str, ...]:
    """The values the registry allows in a column of the ``corroboration`` dataset.

    The registry (``datasets.json``) is the one place a vocabulary is written
    down; the build checks the curated rows against it.
    """
    from iom_annual import dataset

    for col in dataset("corroboration").columns:
        if col.name == column and col.allowed_values:
            return tuple(str(v) for v in col.allowed_values)
    raise KeyError(f"corroboration.{column} has no allowed_values in the registry")


def printed_step(as_printed: str) -> Decimal:
    """The rounding unit of a printed number: ``2,549.5 million`` -> 100000, ``9%`` -> 1.

    Numbers written in words ("one", "Forty-six") are whole numbers (step 1).
    """
    text = re.sub(r"\s*(per ?cent|%)$", "", normalise(as_printed).lower())
    exponent = 0
    for word, power in _SCALE.items():
        if text.endswith(" " + word):
            text, exponent = text[: -len(word) - 1], power
    match = re.fullmatch(r"[\d,]*\.(\d+)", text)
    decimals = len(match.group(1)) if match else 0
    return Decimal(10) ** (exponent - decimals)


def expected_agreement(value: float, as_printed: str, qualifier: str, outside: float) -> str:
    """``agrees`` or ``differs``: the outside value against the printed figure.

    Parameters
    ----------
    value : float
        The figure in base units, as ``key_figures`` holds it.
    as_printed : str
        The token the report prints; gives the precision of ``value``.
    qualifier : str
        ``exact``, ``approximate``, ``lower_bound`` or ``upper_bound``.
    outside : float
        The outside source's value, in the same base units.
    """
    report, other = Decimal(str(value)), Decimal(str(outside))
    if qualifier == "lower_bound":
        return "agrees" if other >= report else "differs"
    if qualifier == "upper_bound":
        return "agrees" if other <= report else "differs"
    step = printed_step(as_printed)
    rounded = (other / step).quantize(Decimal(1), ROUND_HALF_UP) * step
    return "agrees" if rounded == report else "differs"


def evaluate(expression: str) -> float:
    """The value of ``computed_as``: numbers, + - * / and parentheses only."""

    def walk(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return Decimal(str(node.value))
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        raise CurationError(f"computed_as {expression!r}: only numbers and + - * / are allowed")

    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        raise CurationError(f"computed_as {expression!r} is not arithmetic: {exc.msg}") from exc
    return float(walk(tree))


def check_mark(where: str, agreement: str, note: str, figure: Mapping[str, Any], other: float) -> None:
    """Refuse an ``agrees``/``differs`` mark that :func:`expected_agreement` contradicts for the
    figure (a ``key_figures`` row) and the value ``other``, and a ``not_comparable`` mark without a note.

    Raises
    ------
    CurationError
        Naming ``where``.
    """
    if agreement != "not_comparable":
        rule = expected_agreement(figure["value"], figure["as_printed"], figure["qualifier"], other)
        if rule != agreement:
            raise CurationError(f"{where}: marked {agreement} but the rounding rule says {rule}")
    elif not note:
        raise CurationError(f"{where}: a not_comparable row must say why in its note")


def _outside_value(row: Mapping[str, str]) -> float:
    given, formula = row["outside_value"].strip(), row["computed_as"].strip()
    if bool(given) == bool(formula):
        raise CurationError(f"{row['figure_id']}: give exactly one of outside_value and computed_as")
    # Computed shares are kept to four decimals: enough to show the rounding, no false precision.
    return float(given) if given else round(evaluate(formula), 4)


def corroboration(folder: Path, figures: Sequence[Row], discrepancy_ids: Sequence[str]) -> list[Row]:
    """The curated comparisons, checked, with the report's value added.

    Raises
    ------
    CurationError
        A header, id, figure id, vocabulary value, discrepancy id, restated
        row, URL or value that breaks the rules above.
    """
    by_id = {r["id"]: r for r in figures}
    known_discrepancies = set(discrepancy_ids)
    agreements, copies = vocabulary("agreement"), vocabulary("copy")
    path = folder / "corroboration.csv"
    curated = read_curated([path], CURATED_COLUMNS)
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for row in curated:
        where = f"{path.name}: {row['id'] or row['figure_id']}"
        figure = by_id.get(row["figure_id"])
        if not _ID.fullmatch(row["id"]):
            raise CurationError(f"{where}: id must be lower-case words joined by '-'")
        if any(r["id"] == row["id"] for r in rows):
            raise CurationError(f"{where}: id used twice")
        if figure is None:
            raise CurationError(f"{where}: no such figure in key_figures")
        checked = (("agreement", agreements), ("copy", copies), ("independent_of_iom", tuple(_BOOLEAN)))
        for column, allowed in checked:
            if row[column] not in allowed:
                raise CurationError(f"{where}: {column} {row[column]!r} is not one of {allowed}")
        if not row["publisher"].strip():
            raise CurationError(f"{where}: name the publisher")
        if row["discrepancy"] and row["discrepancy"] not in known_discrepancies:
            raise CurationError(f"{where}: no discrepancy {row['discrepancy']!r}")
        if not row["url"].startswith("https://"):
            raise CurationError(f"{where}: url must be https")
        if (row["figure_id"], row["url"]) in seen:
            raise CurationError(f"{where}: compared with {row['url']} twice")
        seen.add((row["figure_id"], row["url"]))
        outside = _outside_value(row)
        check_mark(where, row["agreement"], row["note"], figure, outside)
        rows.append({
            "id": row["id"], "figure_id": row["figure_id"], "report_value": figure["value"],
            "report_unit": figure["unit"], "outside_value": outside, "outside_unit": row["outside_unit"],
            "outside_as_printed": row["outside_as_printed"], "computed_as": row["computed_as"] or None,
            "agreement": row["agreement"], "publisher": row["publisher"], "copy": row["copy"],
            "independent_of_iom": _BOOLEAN[row["independent_of_iom"]], "restates": row["restates"] or None,
            "source": row["source"], "url": row["url"],
            "published": row["published"] or None, "located": row["located"],
            "discrepancy": row["discrepancy"] or None, "note": row["note"],
        })
    _check_restatements(rows, by_id, path.name)
    return rows


def _check_restatements(rows: Sequence[Row], figures: Mapping[str, Row], where: str) -> None:
    """Each ``restates`` names a counted comparison of the same fact (see the module's docstring)."""
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        target = by_id.get(row["restates"]) if row["restates"] else None
        if row["restates"] is None:
            continue
        here = f"{where}: {row['id']} restates {row['restates']!r}"
        if target is None:
            raise CurationError(f"{here}: no such row")
        if target["restates"] is not None or target["id"] == row["id"]:
            raise CurationError(f"{here}, which is itself a restatement: point at the comparison it repeats")
        if target["publisher"] != row["publisher"]:
            raise CurationError(f"{here}: another publisher's value is a comparison of its own")
        if target["figure_id"] == row["figure_id"]:
            continue  # another copy of the same publisher's fact, against the same figure
        same_fact = all(target[k] == row[k] for k in ("outside_value", "outside_unit"))
        figure = figures[row["figure_id"]]
        # The restating figure, to its own printed precision, is the figure it restates.
        same_figure = figure["unit"] == target["report_unit"] and expected_agreement(
            figure["value"], figure["as_printed"], "exact", target["report_value"]) == "agrees"
        if not (same_fact and same_figure):
            raise CurationError(f"{here}: not the same outside value against the same figure restated")


UNEARMARKED_COLUMNS = ("donor", "name_in_report", "amount", "source", "url", "published", "located")


def unearmarked_contributions(folder: Path, iso3: Callable[[str], str | None]) -> list[Row]:
    """The CEB's unearmarked contributions to IOM in 2021, one row per donor.

    Paragraph 123 names the 15 donors and gives only their total; the CEB
    gives each donor's amount.  ``iso3`` maps a donor name to its code.

    Raises
    ------
    CurationError
        A wrong header, a repeated donor, an amount that is not positive or a
        URL that is not https.
    """
    path = folder / "unearmarked_contributions.csv"
    curated = read_curated([path], UNEARMARKED_COLUMNS)
    rows: list[Row] = []
    for row in curated:
        where = f"{path.name}: {row['donor']}"
        if any(r["donor"] == row["donor"] for r in rows):
            raise CurationError(f"{where}: listed twice")
        if not float(row["amount"]) > 0 or not row["url"].startswith("https://"):
            raise CurationError(f"{where}: the amount must be positive and the url https")
        rows.append({**row, "iso3": iso3(row["donor"]), "amount": float(row["amount"]),
                     "published": row["published"] or None})
    return rows
