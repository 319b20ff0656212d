"""Accessors for the staff statistics of Annexes I-IV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args, overload

from iom_annual._core.cache import Recent, once
from iom_annual._core.errors import UnknownCategoryError, UnknownGradeError, UnknownNationalityError
from iom_annual._core.folding import fold, fold_label
from iom_annual._data.loader import frame
from iom_annual._data.registry import annexes, grade_groups, grade_lists

if TYPE_CHECKING:
    import polars as pl

    from iom_annual._staff.models import Discrepancy, HeadcountYear, NationalityStaff

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

# The one definition of the staff categories (``iom_annual.Category``) for type
# checkers: the registry's ``categories`` section, which tests/test_names.py
# requires this Literal to spell; ``models.py``, ``_countries`` and the command line
# import it from here.
Category = Literal["general_service", "professional"]
CATEGORIES: tuple[Category, ...] = get_args(Category)

_Key = tuple[str, str | None, tuple[str, str] | None, tuple[str, ...] | None]


# Filtered frames by (dataset, category, nationality key, grades): a repeated
# call costs a look-up and a clone.  2 datasets x 3 categories x ~190
# nationalities is about 1,150 keys without a grade; grades multiply that, so
# the cache keeps the most recent ones.
_selected: Recent[_Key, pl.DataFrame] = Recent(2048)


@once
def _nationality() -> tuple[dict[str, tuple[str, str]], tuple[str, ...]]:
    """(folded printed name or ISO3 code -> (column, value) to filter on, sorted printed names)."""
    rows = frame("staff_by_nationality").select("nationality", "iso3").unique().rows()
    index: dict[str, tuple[str, str]] = {}
    for name, iso3 in rows:
        key = ("iso3", iso3) if iso3 else ("nationality", name)
        index[fold(name)] = key
        if iso3:
            index[fold(iso3)] = key
    return index, tuple(sorted({name for name, _ in rows}))


def _nationality_index() -> dict[str, tuple[str, str]]:
    """Folded printed name or ISO3 code -> (column, value) to filter on."""
    return _nationality()[0]


def nationalities() -> list[str]:
    """Every nationality as printed in the annexes (Annex III spellings last), sorted.

    Returns
    -------
    list of str
        The names of Annexes II and III, each once, in alphabetical order
        (a new list at each call); any of them, or its ISO 3166-1 alpha-3
        code, is a valid ``nationality`` argument.

    Examples
    --------
    >>> import iom_annual
    >>> names = iom_annual.nationalities()
    >>> len(names), names[:3]
    (189, ['Afghanistan', 'Albania', 'Algeria'])
    """
    return list(_nationality()[1])


def _nationality_key(nationality: object) -> tuple[str, str] | None:
    if nationality is None:
        return None
    if not isinstance(nationality, str):  # a wrong type gets no close matches (None is no "Indonesia")
        raise TypeError(f"nationality must be a str (a printed name or an ISO3 code), "
                        f"not {type(nationality).__name__}")
    index = _nationality_index()
    found = index.get(fold(nationality)) if isinstance(nationality, str) else None
    if found is None and isinstance(nationality, str):
        # Any other name of a country (country()'s resolver): "Syria", "DRC", "Kenyan", "UK".
        # A spelling the annexes print is taken as printed first ("Congo" is that row).
        from iom_annual._countries import resolve_country_name

        code = resolve_country_name(nationality)  # an ambiguous name raises, listing the candidates
        found = index.get(fold(code)) if code else None
    if found is None:
        iso3 = sorted({v for c, v in index.values() if c == "iso3"})
        raise UnknownNationalityError(nationality, [*nationalities(), *iso3])
    return found


def _category(category: object) -> Category | None:
    if category is None:
        return None
    if not isinstance(category, str):  # a wrong type gets no close matches
        raise TypeError(f"category must be a str ({' or '.join(CATEGORIES)}), not {type(category).__name__}")
    folded = category.strip().casefold()
    for valid in CATEGORIES:
        if folded == valid:
            return valid
    raise UnknownCategoryError(category, CATEGORIES)


def grades(category: Category) -> tuple[str, ...]:
    """The grades printed for a category, in the annex's column order.

    Parameters
    ----------
    category : {"general_service", "professional"}
        ``general_service`` for the columns of Annex II, ``professional``
        for those of Annex III (case and surrounding spaces are ignored).

    Returns
    -------
    tuple of str
        The grade labels as the annex prints them, senior first in Annex III
        and junior first in Annex II, ``"UG"`` (ungraded) last in both.

    Raises
    ------
    UnknownCategoryError
        If ``category`` is not one of the two categories (``None`` included);
        the message names the closest one.
    TypeError
        If ``category`` is neither None nor a str.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.grades("professional")
    ('E-1', 'E-2', 'D-2', 'D-1', 'P-5', 'P-4', 'P-3', 'P-2', 'P-1', 'UG')
    >>> general = iom_annual.grades("general_service")
    >>> general[:3], len(general)
    (('G-1', 'G-1A', 'G-1B'), 15)
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


def category_name(category: object) -> Category:
    """The category that ``category`` names (case and surrounding spaces ignored).

    Raises
    ------
    UnknownCategoryError
        If it names neither category (``None`` included).
    """
    valid = _category(category)
    if valid is None:
        raise UnknownCategoryError(category, CATEGORIES)
    return valid


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
    if not isinstance(grade, str):  # a wrong type gets no close matches
        raise TypeError(f"grade must be a str such as 'P-4' or 'UG', not {type(grade).__name__}")
    if isinstance(grade, str):
        wanted = fold_label(grade)
        for label, members in names.items():
            if fold_label(label) == wanted:
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
    UnknownCategoryError
        If ``category`` is neither ``"general_service"`` nor
        ``"professional"``; the message names the closest one.
    UnknownNationalityError
        If ``nationality`` is neither a printed nationality nor its ISO3
        code; the message names the closest matches.
    TypeError
        If ``category`` or ``nationality`` is neither None nor a str, or
        ``as_models`` is not a bool.

    Examples
    --------
    Kenya's row of Annex III (115 Professional staff: 42 women, 73 men):

    >>> import iom_annual
    >>> df = iom_annual.staff_by_nationality("professional", "KEN")
    >>> df.select("nationality", "total", "female", "male").row(0)
    ('Kenya', 115, 42, 73)
    """
    if not isinstance(as_models, bool):  # "no" would be read as true
        raise TypeError(f"as_models must be True or False, not {type(as_models).__name__}")
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
    UnknownCategoryError
        If ``category`` is neither ``"general_service"`` nor
        ``"professional"``.
    UnknownNationalityError
        If ``nationality`` is neither a printed nationality nor its ISO3 code.
    UnknownGradeError
        If ``grade`` is not a grade of ``category`` (of either category when
        none is given); the message lists the valid grades.
    TypeError
        If an argument is neither None nor a str.

    Examples
    --------
    The P-5 and the D-1–D-2 columns of Annex III's Total row (124 and
    20 + 46 = 66), the same as Annex I, Table 2 prints for 2021:

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
    from iom_annual._staff.models import NationalityStaff

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

    Parameters
    ----------
    nationality : str
        A nationality as printed (case-insensitive) or its ISO 3166-1
        alpha-3 code.
    category : {"general_service", "professional"}
        The annex to read: Annex II or Annex III.

    Returns
    -------
    NationalityStaff
        The annex row: total, women, men and the staff per grade (a new
        record at each call).

    Raises
    ------
    UnknownCategoryError
        If ``category`` is not one of the two categories.
    UnknownNationalityError
        If ``nationality`` is unknown, or is a nationality of the report
        that the annex of ``category`` does not print (Barbados has no row in
        Annex III); the message names the annex's nationalities.
    TypeError
        If ``nationality`` is not a str (``None`` included).

    Examples
    --------
    The Philippines' row of Annex II: 603 General Service staff, 370 women:

    >>> import iom_annual
    >>> rec = iom_annual.nationality_staff("philippines", "general_service")
    >>> rec.total, rec.female, rec.male
    (603, 370, 233)
    >>> iom_annual.nationality_staff("Barbados", "professional")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iom_annual.UnknownNationalityError: nationality 'Barbados' has no professional row in Annex III. ...
    """
    valid = _category(category)
    if valid is None:
        raise UnknownCategoryError(category, CATEGORIES)
    if not isinstance(nationality, str):
        raise TypeError(f"nationality must be a str (a printed name or an ISO3 code), "
                        f"not {type(nationality).__name__}")
    records = _records(valid, nationality)
    if not records:
        # A nationality of the report, but not printed in this category's annex
        # (Barbados has no Professional staff row, for one).
        present = _select("staff_by_nationality", valid, None)["nationality"].to_list()
        error = UnknownNationalityError(nationality, present)
        annex = f"Annex {annexes()[valid]}"
        options = str(error)[str(error).index("Valid options"):]
        error.args = (f"nationality {nationality!r} has no {valid} row in {annex}. {options}",)
        raise error
    return records[0]


def professional_staff_by_sex() -> pl.DataFrame:
    """International Professional staff by sex, 2017-2021 (Annex I, Table 1).

    Returns
    -------
    polars.DataFrame
        The ``professional_staff_by_sex`` dataset, one row per year: men,
        women, total and the printed share of women (a fresh copy).

    Examples
    --------
    Annex I, Table 1 for 2021: 1,194 men and 1,162 women, 49% women:

    >>> import iom_annual
    >>> iom_annual.professional_staff_by_sex().filter(year=2021).row(0)
    (2021, 1194, 1162, 2356, 49)
    """
    return frame("professional_staff_by_sex").clone()


def professional_women_by_grade() -> pl.DataFrame:
    """Women by Professional grade group, 2019-2021 (Annex I, Table 2).

    Returns
    -------
    polars.DataFrame
        The ``professional_women_by_grade`` dataset, one row per grade group
        (``"Ungraded"``, ``"P-1"`` ... ``"D-1–D-2"``) and year.  The counts
        are printed for 2021 only (null for 2019 and 2020); the share of
        women for every year, and its change over 2019-2021 on the 2021 row.

    Examples
    --------
    Annex I, Table 2, column P-4: 172 of 369 staff were women in 2021 (47%),
    6 percentage points more than in 2019:

    >>> import iom_annual
    >>> table2 = iom_annual.professional_women_by_grade()
    >>> p4 = table2.filter(grade="P-4", year=2021).row(0, named=True)
    >>> p4["women"], p4["total"], p4["women_percent"]
    (172, 369, 47)
    >>> p4["women_percent_change_2019_2021"]
    6
    """
    return frame("professional_women_by_grade").clone()


def senior_staff_by_sex() -> pl.DataFrame:
    """Staff at P-5 and above by sex, 2017-2021 (Annex I, Table 3).

    Returns
    -------
    polars.DataFrame
        The ``senior_staff_by_sex`` dataset, one row per year: men, women,
        total, the printed share of women and its change from the year
        before, in percentage points (a fresh copy).

    Examples
    --------
    Annex I, Table 3: 47 of 135 senior staff were women in 2017, 74 of 190
    in 2021:

    >>> import iom_annual
    >>> senior = iom_annual.senior_staff_by_sex()
    >>> senior.select("year", "women", "total").rows()[::4]
    [(2017, 47, 135), (2021, 74, 190)]
    """
    return frame("senior_staff_by_sex").clone()


def staff_headcount() -> pl.DataFrame:
    """Headcount by category, 1995-2021 (Annex I, Table 4).

    Returns
    -------
    polars.DataFrame
        The ``staff_headcount`` dataset, one row per year the table prints
        (1995, 2005, then 2017 to 2021): international Professional,
        General Service and National Officer staff, their total, and the
        printed Professional share.

    Examples
    --------
    Annex I, Table 4: 1,656 staff in 1995, 17,761 in 2021:

    >>> import iom_annual
    >>> iom_annual.staff_headcount().filter(year=1995)["total"].item()
    1656
    >>> iom_annual.staff_headcount()["year"].to_list()
    [1995, 2005, 2017, 2018, 2019, 2020, 2021]
    """
    return frame("staff_headcount").clone()


def headcount_records() -> list[HeadcountYear]:
    """Annex I, Table 4 as validated records, one per year.

    Returns
    -------
    list of HeadcountYear
        The rows of :func:`staff_headcount`, oldest year first, each checked
        on construction (Professional + General Service = total).

    Examples
    --------
    >>> import iom_annual
    >>> years = iom_annual.headcount_records()
    >>> len(years), years[0]
    (7, HeadcountYear(1995: 1,656 staff, 222 Professional (13%), 1,434 General Service))
    """
    from iom_annual._staff.models import HeadcountYear

    return [HeadcountYear(**r) for r in frame("staff_headcount").iter_rows(named=True)]


def nationalities_represented() -> pl.DataFrame:
    """Nationalities among Professional staff, 2017-2021 (Annex IV).

    Returns
    -------
    polars.DataFrame
        The ``nationalities_represented`` dataset, one row per year: the
        Member State and non-member State nationalities among Professional
        and higher staff, their total, the number of Member States and the
        printed share of them represented.

    Examples
    --------
    Annex IV for 2021: 134 of the 174 Member States represented (77%),
    143 nationalities in all:

    >>> import iom_annual
    >>> iv = iom_annual.nationalities_represented().filter(year=2021).row(0, named=True)
    >>> iv["member_state_nationalities"], iv["member_states"], iv["total_nationalities"]
    (134, 174, 143)
    >>> iv["member_states_represented_percent"]
    77
    """
    return frame("nationalities_represented").clone()


def discrepancies() -> pl.DataFrame:
    """Every place where the report disagrees with itself, with both values.

    Returns
    -------
    polars.DataFrame
        The ``discrepancies`` dataset, one row per disagreement: its kind
        (contradiction, coverage, rounding, misprint or naming), what is
        compared, the two places and the value each prints, and an
        explanation where one is known.

    Examples
    --------
    The Total row of Annex III counts 2,359 Professional staff where Annex
    I, Table 1 counts 2,356 for 2021 (Annex III includes the Director
    General and the two Deputy Directors General):

    >>> import iom_annual
    >>> first = iom_annual.discrepancies().row(0, named=True)
    >>> first["where_a"], first["value_a"], first["where_b"], first["value_b"]
    ('Annex III, Total row', '2,359', 'Annex I, Table 1 (2021)', '2,356')
    """
    return frame("discrepancies").clone()


def discrepancy_records() -> list[Discrepancy]:
    """The discrepancies as validated records.

    Returns
    -------
    list of Discrepancy
        One record per row of :func:`discrepancies`, in the same order.

    Examples
    --------
    The one misprint: paragraph 56 prints "4,0385", the figure 4,038 fused
    with the marker of footnote 5:

    >>> import iom_annual
    >>> records = iom_annual.discrepancy_records()
    >>> [(r.id, r.value_a) for r in records if r.kind == "misprint"]
    [('paragraph_56_vhr_2020_token', '4,0385')]
    """
    from iom_annual._staff.models import Discrepancy

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

    Returns
    -------
    polars.DataFrame
        Columns ``block`` (Member States, or Observer States, non-member
        States and other; null on the Total row), ``nationality``, one
        column per grade of :func:`grades`, then ``Total``, ``F`` and ``M``.

    Raises
    ------
    UnknownCategoryError
        If ``category`` is not one of the two categories.

    Examples
    --------
    Annex III, whose printed Total row counts 2,359 staff:

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
