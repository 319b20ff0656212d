"""Rebuild the staff tables of Annexes I-IV from the report's plain text.

The PDF conversion kept each table row on one line but lost the column
alignment: an empty cell became one more space between its neighbours, and a
thousands separator became a space ("1 052").  Each row is rebuilt by
constraints rather than by reading positions:

* a run of ``k + 1`` spaces is evidence of ``k`` empty cells, and a single
  space between a 1-3 digit token and a 3-digit token may be a thousands
  separator;
* every candidate reading must satisfy the row's own arithmetic (grade cells
  sum to Total, F + M = Total);
* the candidates that also agree with the white space win; rows that stay
  ambiguous are settled by the printed Total row (every column must sum to
  it), and the build stops with a clear message if that does not settle them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence


_TOKENS = re.compile(r"(\s+)(\d+)")
_NAME_AND_CELLS = re.compile(r"^(?P<name>\S.*?[^\s\d])(?P<cells>(?:\s+\d+)*)(?P<trail>\s*)$")
_HEADER_LINES = {
    "Country of nationality:", "Member States", "Category/Grade", "Category/Grade Sex",
    "Total", "Sex", "observer States, non-", "member States and other",
}


class AmbiguousRowError(ValueError):
    """Raised when the constraints leave more than one (or no) reading of a row."""


@dataclass(frozen=True)
class Token:
    """A run of digits and the number of spaces printed before it."""

    gap: int
    digits: str


@dataclass(frozen=True)
class Reading:
    """One complete reading of an annex row: grade cells, Total, F and M."""

    grades: tuple[int, ...]
    total: int
    female: int
    male: int
    whitespace_agrees: bool


@dataclass(frozen=True)
class AnnexRow:
    name: str
    member_state: bool
    line: int
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class AnnexTable:
    grades: tuple[str, ...]
    rows: tuple[tuple[str, bool, Reading], ...]
    total_row: Reading


def tokenize(cells: str) -> list[Token]:
    return [Token(len(gap), digits) for gap, digits in _TOKENS.findall(cells)]


def merge_options(tokens: Sequence[Token]) -> Iterator[list[tuple[int, int]]]:
    """Yield every way of reading the tokens as numbers, as ``(gap, value)``.

    A token may join its left neighbour as a thousands group when one space
    separates them, it has exactly three digits and the neighbour has one to
    three; a token with a leading zero can only be such a group.
    """

    def walk(i: int) -> Iterator[list[tuple[int, int]]]:
        if i == len(tokens):
            yield []
            return
        head = tokens[i]
        if head.digits.startswith("0") and len(head.digits) > 1:
            return
        group = head.digits
        j = i + 1
        while True:
            for rest in walk(j):
                yield [(head.gap, int(group)), *rest]
            if (j < len(tokens) and tokens[j].gap == 1 and len(tokens[j].digits) == 3
                    and len(tokens[j - 1].digits) <= 3):
                group += tokens[j].digits
                j += 1
            else:
                return

    yield from walk(0)


def readings(tokens: Sequence[Token], trail: int, n_grades: int) -> tuple[Reading, ...]:
    """Every reading of one row that satisfies its arithmetic."""
    found: set[Reading] = set()
    for values in merge_options(tokens):
        # The last one to three numbers are Total, F, M (F or M may be empty).
        for tail in ("TFM", "TF", "TM", "T"):
            if len(values) < len(tail):
                continue
            head, end = values[: len(values) - len(tail)], values[len(values) - len(tail):]
            if len(head) > n_grades:
                continue
            total = end[0][1]
            female = end[1][1] if tail in ("TFM", "TF") else 0
            male = end[-1][1] if tail in ("TFM", "TM") else 0
            if female + male != total or sum(v for _, v in head) != total:
                continue
            for grades, agrees in placements(head, end, tail, trail, n_grades):
                found.add(Reading(grades, total, female, male, agrees))
    return tuple(sorted(found, key=lambda r: (not r.whitespace_agrees, r.grades)))


def placements(head: Sequence[tuple[int, int]], end: Sequence[tuple[int, int]], tail: str,
               trail: int, n_grades: int) -> Iterator[tuple[tuple[int, ...], bool]]:
    """Place the grade values in the grade columns.

    The white-space reading comes first; when it cannot be fitted, every
    order-keeping placement is offered, to be settled by the column totals.
    """
    tail_gaps_ok = (
        (tail == "TFM" and end[1][0] == 1 and end[2][0] == 1 and trail == 1)
        or (tail == "TF" and end[1][0] == 1 and trail == 2)
        or (tail == "TM" and end[1][0] == 2 and trail == 1)
        or (tail == "T" and trail == 3)
    )
    # Empty cells implied before each grade value and before Total.
    implied = [gap - 1 for gap, _ in head] + [end[0][0] - 1]
    if tail_gaps_ok and all(k >= 0 for k in implied) and sum(implied) + len(head) == n_grades:
        cells: list[int] = []
        for k, (_, value) in zip(implied, head, strict=False):
            cells.extend([0] * k)
            cells.append(value)
        cells.extend([0] * implied[-1])
        yield tuple(cells), True
        return
    for slots in itertools.combinations(range(n_grades), len(head)):
        cells = [0] * n_grades
        for slot, (_, value) in zip(slots, head, strict=True):
            cells[slot] = value
        yield tuple(cells), False


def parse_annex(lines: Sequence[str], first: int, grades: Sequence[str]) -> AnnexTable:
    """Parse one of Annexes II/III from its lines (``first`` is the 1-based line number of ``lines[0]``)."""
    grade_header = " ".join(grades)
    rows: list[AnnexRow] = []
    total_row: tuple[Reading, ...] | None = None
    member = True
    pending = ""
    for offset, raw in enumerate(lines):
        line = raw.strip()
        number = first + offset
        if not line or line in _HEADER_LINES or line.startswith(grade_header):
            if line == "observer States, non-":
                member = False
            continue
        # legends, page headers and the annex titles
        if (line.startswith(("G: ", "E-1: ", "Annex", "C/113/", "Page "))
                or line.endswith("by nationality, grade and sex")):
            continue
        match = _NAME_AND_CELLS.match(raw.rstrip("\n"))
        if match is None:
            raise AmbiguousRowError(f"line {number}: cannot read {raw!r}")
        tokens = tokenize(match["cells"])
        if not tokens:
            # A nationality whose name wraps onto the next line.
            pending = f"{pending} {line}".strip()
            continue
        name = re.sub(r"\s+", " ", f"{pending} {match['name']}").strip()
        pending = ""
        found = readings(tokens, len(match["trail"]), len(grades))
        if not found:
            raise AmbiguousRowError(
                f"line {number} ({name}): no reading satisfies grades = Total and F + M = Total")
        if name == "Total":
            total_row = found
        else:
            rows.append(AnnexRow(name, member, number, found))
    if total_row is None:
        raise AmbiguousRowError("no Total row found")
    return settle(rows, total_row, grades)


def _settle_by_whitespace(row: AnnexRow) -> tuple[Reading, ...]:
    agreeing = tuple(r for r in row.readings if r.whitespace_agrees)
    return agreeing if agreeing else row.readings


def settle(rows: Sequence[AnnexRow], total_candidates: Sequence[Reading],
           grades: Sequence[str]) -> AnnexTable:
    """Choose one reading per row so that every column sums to the Total row."""
    options = [_settle_by_whitespace(row) for row in rows]
    fixed = [opts[0] for opts in options if len(opts) == 1]
    open_rows = [(row, opts) for row, opts in zip(rows, options, strict=True) if len(opts) > 1]
    if sum(len(opts) for _, opts in open_rows) > 10_000:
        raise AmbiguousRowError("too many ambiguous rows: "
                                + ", ".join(f"line {r.line} ({r.name})" for r, _ in open_rows))

    def columns(chosen: Sequence[Reading]) -> tuple[int, ...]:
        sums = [sum(r.grades[i] for r in chosen) for i in range(len(grades))]
        return (*sums, sum(r.total for r in chosen), sum(r.female for r in chosen),
                sum(r.male for r in chosen))

    solutions: list[tuple[tuple[Reading, ...], Reading]] = []
    for combo in itertools.product(*(opts for _, opts in open_rows)):
        sums = columns([*fixed, *combo])
        for total in total_candidates:
            if sums == (*total.grades, total.total, total.female, total.male):
                solutions.append((combo, total))
    if len(solutions) != 1:
        where = ", ".join(f"line {r.line} ({r.name})" for r, _ in open_rows) or "none"
        raise AmbiguousRowError(
            f"{len(solutions)} ways to make the columns sum to the Total row "
            f"(rows still open after the white-space check: {where})")
    combo, total = solutions[0]
    chosen = iter(combo)
    settled = tuple(
        (row.name, row.member_state, opts[0] if len(opts) == 1 else next(chosen))
        for row, opts in zip(rows, options, strict=True)
    )
    return AnnexTable(tuple(grades), settled, total)


def split_rows(texts: Sequence[str], count: int,
               accept: Callable[[Sequence[Sequence[int]]], bool]) -> list[list[int]]:
    """Read rows of a fully filled Annex I/IV table, ``count`` numbers each.

    Each row alone may have several readings (is "1 061" one number or
    two?); ``accept`` states the table's arithmetic (e.g. men + women =
    total) and must leave exactly one combination.
    """
    options = []
    for text in texts:
        found = [[v for _, v in values] for values in merge_options(tokenize(" " + text))]
        options.append([values for values in found if len(values) == count])
    fitting = [list(combo) for combo in itertools.product(*options) if accept(combo)]
    if len(fitting) != 1:
        raise AmbiguousRowError(f"{len(fitting)} readings of the rows {list(texts)!r} fit the table")
    return fitting[0]


def adds_up(combo: Sequence[Sequence[int]]) -> bool:
    """The last row is the sum of the others, column by column."""
    *parts, total = combo
    return all(sum(column) == t for *column, t in zip(*parts, total, strict=True))
