"""Accessors for the staff statistics of Annexes I-IV."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Literal, overload

from iom_annual._errors import UnknownCategoryError, UnknownGradeError, UnknownNationalityError
from iom_annual._loader import frame
from iom_annual._names import fold
from iom_annual._registry import grade_groups, grade_lists

if TYPE_CHECKING:
    import polars as pl

    from iom_annual._models import Discrepancy, HeadcountYear, NationalityStaff

__all__ = [
    "as_published",
    "CATEGORIES",
    "Category",
    "discrepancies",
    "discrepancy_records",
    "grades",
    "headcount_records",
    "nationalities",
    "nationalities_represented",
    "nationality_staff",
    "professional_staff_by_sex",
    "professional_women_by_grade",
    "senior_staff_by_sex",
    "staff_by_grade",
    "staff_by_nationality",
    "staff_headcount",
]

# The one definition of the staff categories (``iom_annual.Category``);
# ``_models`` and the command line import it from here.
Category = Literal["general_service", "professional"]
CATEGORIES: tuple[Category, ...] = ("general_service", "professional")

_lock = threading.Lock()
# (index, sorted names): built once, under the lock, and published whole with
# one append, so that no thread ever sees a half-built index.
_nationality: list[tuple[dict[str, tuple[str, str]], tuple[str, ...]]] = []

_Key = tuple[str, str | None, tuple[str, str] | None, tuple[str, ...] | None]


class _Recent:
    """The most recently used filtered frames, at most ``size`` of them.

    Every read and write holds the lock (a hit reorders the entries); the
    frame itself is computed outside it, so a slow first filter never blocks
    other callers.  At worst two threads compute the same frame once each.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._frames: OrderedDict[_Key, pl.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: _Key) -> pl.DataFrame | None:
        with self._lock:
            found = self._frames.get(key)
            if found is not None:
                self._frames.move_to_end(key)
            return found

    def put(self, key: _Key, value: pl.DataFrame) -> None:
        with self._lock:
            self._frames[key] = value
            self._frames.move_to_end(key)
            while len(self._frames) > self.size:
                self._frames.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()

    def __len__(self) -> int:
        return len(self._frames)


# Filtered frames by (dataset, category, nationality key, grades): a repeated
# call costs a look-up and a clone.  2 datasets x 3 categories x ~190
# nationalities is about 1,150 keys without a grade; grades multiply that, so
# the cache keeps the most recent ones.
_selected = _Recent(2048)


def _nationality_index() -> dict[str, tuple[str, str]]:
    """Folded printed name or ISO3 code -> (column, value) to filter on."""
    if not _nationality:
        rows = frame("staff_by_nationality").select("nationality", "iso3").unique().rows()
        with _lock:
            if not _nationality:
                index: dict[str, tuple[str, str]] = {}
                for name, iso3 in rows:
                    key = ("iso3", iso3) if iso3 else ("nationality", name)
                    index[fold(name)] = key
                    if iso3:
                        index[fold(iso3)] = key
                _nationality.append((index, tuple(sorted({name for name, _ in rows}))))
    return _nationality[0][0]


def nationalities() -> list[str]:
    """Every nationality as printed in the annexes (Annex III spellings last), sorted.

    Examples
    --------
    >>> import iom_annual
    >>> len(iom_annual.nationalities())
    189
    """
    _nationality_index()
    return list(_nationality[0][1])


def _nationality_key(nationality: object) -> tuple[str, str] | None:
    if nationality is None:
        return None
    index = _nationality_index()
    found = index.get(fold(nationality)) if isinstance(nationality, str) else None
    if found is None:
        iso3 = sorted({v for c, v in index.values() if c == "iso3"})
        raise UnknownNationalityError(nationality, [*nationalities(), *iso3])
    return found


def _category(category: object) -> Category | None:
    if category is None:
        return None
    folded = category.strip().casefold() if isinstance(category, str) else None
    for valid in CATEGORIES:
        if folded == valid:
            return valid
    raise UnknownCategoryError(category, CATEGORIES)


def grades(category: Category) -> tuple[str, ...]:
    """The grades printed for a category, in the annex's column order.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.grades("professional")[:4]
    ('E-1', 'E-2', 'D-2', 'D-1')
    """
    grade_of = grade_lists()

    valid = _category(category)
    if valid is None:
        raise UnknownCategoryError(category, CATEGORIES)
    return grade_of[valid]


def _select(name: str, category: object, nationality: object,
            grades_: tuple[str, ...] | None = None) -> pl.DataFrame:
    valid = _category(category)
    where = _nationality_key(nationality)
    key = (name, valid, where, grades_)
    cached = _selected.get(key)
    if cached is None:
        import polars as pl

        cached = frame(name)
        if valid is not None:
            cached = cached.filter(pl.col("category") == valid)
        if where is not None:
            cached = cached.filter(pl.col(where[0]) == where[1])
        if grades_ is not None:
            cached = cached.filter(pl.col("grade").is_in(grades_))
        _selected.put(key, cached)
    return cached.clone()  # the cached frame never leaves this module


def _fold_grade(text: str) -> str:
    # Annex I prints "D-1–D-2" with an en dash; a keyboard gives a hyphen.
    return re.sub(r"[\u2010-\u2015\u2212]", "-", text).strip().upper()


def _grade_names(category: Category | None) -> dict[str, tuple[str, ...]]:
    """Every way to name a grade of ``category`` (or of either): the annexes'
    grades, and Annex I, Table 2's groups ("Ungraded" is the annexes' "UG").
    Printed label -> the annex grades it covers, in annex order."""
    grade_of = grade_lists()
    both = tuple(dict.fromkeys(g for c in CATEGORIES for g in grade_of[c]))
    annex = grade_of[category] if category else both
    names: dict[str, tuple[str, ...]] = {g: (g,) for g in annex}
    for label, members in grade_groups().items():
        if all(m in annex for m in members):
            names.setdefault(label, members)
    return names


def _grades_of(grade: object, category: Category | None) -> tuple[str, ...]:
    names = _grade_names(category)
    if isinstance(grade, str):
        wanted = _fold_grade(grade)
        for label, members in names.items():
            if _fold_grade(label) == wanted:
                return members
    raise UnknownGradeError(grade, names)


@overload
def staff_by_nationality(category: Category | None = ..., nationality: str | None = ..., *,
                         as_models: Literal[False] = ...) -> pl.DataFrame: ...
@overload
def staff_by_nationality(category: Category | None = ..., nationality: str | None = ..., *,
                         as_models: Literal[True]) -> list[NationalityStaff]: ...
def staff_by_nationality(category: Category | None = None, nationality: str | None = None, *,
                         as_models: bool = False) -> pl.DataFrame | list[NationalityStaff]:
    """Staff per nationality and category (Annexes II and III).

    Parameters
    ----------
    category : {"general_service", "professional"}, optional
        Keep one category (case and surrounding spaces are ignored).
    nationality : str, optional
        A nationality as printed (case-insensitive) or its ISO 3166-1
        alpha-3 code, e.g. ``"Kenya"`` or ``"KEN"``.
    as_models : bool, default False
        Return validated :class:`NationalityStaff` records instead of a frame.

    Returns
    -------
    polars.DataFrame or list of NationalityStaff
        Columns ``nationality, iso3, member_state, category, total, female,
        male, annex``; one row per nationality and category.

    Raises
    ------
    UnknownCategoryError, UnknownNationalityError
        With the valid options and the closest matches.

    Examples
    --------
    >>> import iom_annual
    >>> df = iom_annual.staff_by_nationality("professional", "KEN")
    >>> df.select("nationality", "total", "female", "male").row(0)
    ('Kenya', 115, 42, 73)
    """
    if as_models:
        return _records(category, nationality)
    return _select("staff_by_nationality", category, nationality)


def staff_by_grade(category: Category | None = None, nationality: str | None = None,
                   grade: str | None = None) -> pl.DataFrame:
    """Staff per nationality and grade, in long form, zeros included.

    Parameters
    ----------
    category : {"general_service", "professional"}, optional
        Keep one category.
    nationality : str, optional
        A printed nationality or an ISO3 code.
    grade : str, optional
        Keep one grade, as printed ("G-4", "NO-B", "P-3", "UG", ...;
        case-insensitive).  ``"UG"`` exists in both categories.  Annex I,
        Table 2's labels name the same grades: ``"Ungraded"`` is ``"UG"``,
        and ``"D-1–D-2"`` (or ``"D-1-D-2"``, with a hyphen) keeps D-1 and D-2.

    Returns
    -------
    polars.DataFrame
        Columns ``nationality, iso3, member_state, category, grade, staff, annex``.

    Raises
    ------
    UnknownCategoryError, UnknownNationalityError, UnknownGradeError

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.staff_by_grade("professional", grade="P-5")["staff"].sum()
    124
    >>> iom_annual.staff_by_grade("professional", grade="D-1-D-2")["staff"].sum()
    66
    """
    valid = _category(category)
    _nationality_key(nationality)  # errors in argument order: category, nationality, grade
    if grade is None:
        return _select("staff_by_grade", valid, nationality)
    return _select("staff_by_grade", valid, nationality, _grades_of(grade, valid))


def _records(category: object, nationality: object) -> list[NationalityStaff]:
    from iom_annual._models import NationalityStaff

    totals = _select("staff_by_nationality", category, nationality)
    cells = _select("staff_by_grade", category, nationality)
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for name, cat, grade, staff in cells.select("nationality", "category", "grade", "staff").rows():
        counts.setdefault((name, cat), {})[grade] = staff
    return [
        NationalityStaff(nationality=r["nationality"], iso3=r["iso3"], member_state=r["member_state"],
                         category=r["category"], grades=counts[(r["nationality"], r["category"])],
                         total=r["total"], female=r["female"], male=r["male"])
        for r in totals.iter_rows(named=True)
    ]


def nationality_staff(nationality: str, category: Category) -> NationalityStaff:
    """One nationality's staff in one category, as a validated record.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.nationality_staff("philippines", "general_service").total
    603
    """
    valid = _category(category)
    if valid is None:
        raise UnknownCategoryError(category, CATEGORIES)
    if nationality is None:
        raise UnknownNationalityError(nationality, nationalities())
    records = _records(valid, nationality)
    if not records:
        # A nationality of the report, but not printed in this category's annex
        # (Barbados has no Professional staff row, for one).
        present = _select("staff_by_nationality", valid, None)["nationality"].to_list()
        error = UnknownNationalityError(nationality, present)
        annex = "Annex II" if valid == "general_service" else "Annex III"
        options = str(error)[str(error).index("Valid options"):]
        error.args = (f"nationality {nationality!r} has no {valid} row in {annex}. {options}",)
        raise error
    return records[0]


def professional_staff_by_sex() -> pl.DataFrame:
    """International Professional staff by sex, 2017-2021 (Annex I, Table 1)."""
    return frame("professional_staff_by_sex").clone()


def professional_women_by_grade() -> pl.DataFrame:
    """Women by Professional grade group, 2019-2021 (Annex I, Table 2)."""
    return frame("professional_women_by_grade").clone()


def senior_staff_by_sex() -> pl.DataFrame:
    """Staff at P-5 and above by sex, 2017-2021 (Annex I, Table 3)."""
    return frame("senior_staff_by_sex").clone()


def staff_headcount() -> pl.DataFrame:
    """Headcount by category, 1995-2021 (Annex I, Table 4).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.staff_headcount().filter(year=1995)["total"].item()
    1656
    """
    return frame("staff_headcount").clone()


def headcount_records() -> list[HeadcountYear]:
    """Annex I, Table 4 as validated records, one per year."""
    from iom_annual._models import HeadcountYear

    return [HeadcountYear(**r) for r in frame("staff_headcount").iter_rows(named=True)]


def nationalities_represented() -> pl.DataFrame:
    """Nationalities among Professional staff, 2017-2021 (Annex IV)."""
    return frame("nationalities_represented").clone()


def discrepancies() -> pl.DataFrame:
    """Every place where the report disagrees with itself, with both values."""
    return frame("discrepancies").clone()


def discrepancy_records() -> list[Discrepancy]:
    """The discrepancies as validated records."""
    from iom_annual._models import Discrepancy

    return [Discrepancy(**r) for r in frame("discrepancies").iter_rows(named=True)]


def as_published(category: Category) -> pl.DataFrame:
    """Annex II or III in the layout the report prints.

    One row per nationality in the annex's order, one column per grade, then
    Total, F and M, the block each row is printed in, and the printed Total
    row last.

    Parameters
    ----------
    category : {"general_service", "professional"}
        ``general_service`` for Annex II, ``professional`` for Annex III.

    Examples
    --------
    >>> import iom_annual
    >>> annex = iom_annual.as_published("professional")
    >>> annex.columns[:4], annex.columns[-3:]
    (['block', 'nationality', 'E-1', 'E-2'], ['Total', 'F', 'M'])
    >>> annex.row(-1)[1], annex.row(-1)[-3]
    ('Total', 2359)
    """
    import polars as pl

    grade_of = grade_lists()

    valid = _category(category)
    if valid is None:
        raise UnknownCategoryError(category, CATEGORIES)
    blocks = {True: "Member States", False: "Observer States, non-member States and other"}
    rows = frame("staff_by_nationality").filter(pl.col("category") == valid)
    wide = (frame("staff_by_grade").filter(pl.col("category") == valid)
            .pivot("grade", index="nationality", values="staff"))
    body = rows.join(wide, on="nationality", how="left", maintain_order="left").select(
        pl.col("member_state").replace_strict(blocks, return_dtype=pl.String).alias("block"),
        "nationality", *grade_of[valid],
        pl.col("total").alias("Total"), pl.col("female").alias("F"), pl.col("male").alias("M"))
    printed = dict(frame("printed_totals").filter(pl.col("category") == valid)
                   .select("column", "value").rows())
    total = pl.DataFrame([{"block": None, "nationality": "Total",
                           **{c: printed[c] for c in body.columns[2:]}}], schema=body.schema)
    return pl.concat([body, total])
