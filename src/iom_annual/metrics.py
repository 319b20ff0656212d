"""Derived metrics: shares and changes computed from the staff tables.

Where the report prints a metric too, the frame keeps the printed value
beside the computed one (``*_published``) and says whether they agree once the
computed value is rounded to whole per cent, half up, as the report rounds.
"""

from __future__ import annotations

import numbers
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, SupportsFloat

from iom_annual._data.loader import frame
from iom_annual._data.registry import grades_and_above
from iom_annual._staff.tables import Category, _category

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "global_south_share",
    "headcount_change",
    "member_states_represented",
    "nationality_counts",
    "professional_share_of_headcount",
    "round_half_up",
    "women_share_by_category",
    "women_share_by_grade",
    "women_share_by_nationality",
    "women_share_over_time",
]


def round_half_up(value: SupportsFloat) -> int:
    """Round to a whole number, halves away from zero (the report's rounding).

    Parameters
    ----------
    value : float
        Any real number: an ``int``, ``float``, ``fractions.Fraction``, ``decimal.Decimal`` or
        numpy scalar; not a bool.

    Returns
    -------
    int
        The nearest whole number; a value exactly halfway between two goes
        to the one farther from zero.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (a bool, a string, None, ...).
    InvalidValueError
        If ``value`` is not finite (NaN or infinite); also a ``ValueError``.

    Examples
    --------
    >>> round_half_up(48.5), round_half_up(12.36), round_half_up(-0.5)
    (49, 12, -1)
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise TypeError(f"round_half_up() needs a real number, not {type(value).__name__}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Rational):  # exact: a Fraction is not a float
        numerator, denominator = int(value.numerator), int(value.denominator)
        whole, rest = divmod(abs(numerator), denominator)
        magnitude = whole + (2 * rest >= denominator)
        return magnitude if numerator >= 0 else -magnitude
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not exact.is_finite():
        from iom_annual._core.errors import InvalidValueError

        raise InvalidValueError(f"round_half_up() needs a finite number, not {value!r}")
    # The printed decimal form, so 0.285 * 100 is 28.499... and rounds to 28.
    # to_integral_value, not quantize: quantize fails past the context's 28 digits (1e28).
    return int(exact.to_integral_value(ROUND_HALF_UP))


def _round_half_up(column: str) -> pl.Expr:
    """:func:`round_half_up` of every row, as one polars expression."""
    import polars as pl

    # A float whose shortest repr ends in .5 is exactly that half, so rounding
    # the binary value half away from zero agrees with round_half_up.
    return pl.col(column).round(0, mode="half_away_from_zero").cast(pl.Int64)


def _agrees(computed: str, published: str) -> pl.Expr:
    import polars as pl

    return (_round_half_up(computed) == pl.col(published)).alias("agrees")


def women_share_by_grade() -> pl.DataFrame:
    """Share of women per Professional grade group, 2019-2021 (Annex I, Table 2).

    The 2021 share is computed from the printed counts; 2019 and 2020 have
    only the printed share (the report gives no counts), so their computed
    value is null.

    Returns
    -------
    polars.DataFrame
        ``grade, year, women, total, women_percent, women_percent_published,
        agrees``.

    Examples
    --------
    >>> from iom_annual import metrics
    >>> df = metrics.women_share_by_grade().filter(year=2021, grade="P-4")
    >>> round(df["women_percent"].item(), 1), df["women_percent_published"].item()
    (46.6, 47)
    """
    import polars as pl

    return (
        frame("professional_women_by_grade")
        .select(
            "grade", "year", "women", "total",
            (pl.col("women") * 100 / pl.col("total")).alias("women_percent"),
            pl.col("women_percent").alias("women_percent_published"),
        )
        .with_columns(
            pl.when(pl.col("women_percent").is_null()).then(None)
            .otherwise(_agrees("women_percent", "women_percent_published")).alias("agrees")
        )
    )


def women_share_over_time() -> pl.DataFrame:
    """Share of women among Professional staff and at P-5 and above, by year.

    From Annex I, Tables 1 and 3, computed from the counts with the printed
    share beside it.

    Returns
    -------
    polars.DataFrame
        ``level, year, women, total, women_percent, women_percent_published, agrees``
        where level is ``professional`` (Table 1) or ``p5_and_above`` (Table 3).

    Examples
    --------
    Annex I, Table 3: women held 38.9% of the posts at P-5 and above in
    2021 (74 of 190), which the report prints as 39%:

    >>> from iom_annual import metrics
    >>> shares = metrics.women_share_over_time()
    >>> senior = shares.filter(level="p5_and_above", year=2021).row(0, named=True)
    >>> round(senior["women_percent"], 1), senior["women_percent_published"]
    (38.9, 39)
    >>> shares["agrees"].all()
    True
    """
    import polars as pl

    parts = [
        frame(name).select(
            pl.lit(level).alias("level"), "year", "women", "total",
            (pl.col("women") * 100 / pl.col("total")).alias("women_percent"),
            pl.col("women_percent").alias("women_percent_published"),
        )
        for name, level in (("professional_staff_by_sex", "professional"),
                            ("senior_staff_by_sex", "p5_and_above"))
    ]
    return pl.concat(parts).with_columns(_agrees("women_percent", "women_percent_published"))


def women_share_by_category() -> pl.DataFrame:
    """Share of women per staff category and overall, from Annexes II and III.

    Returns
    -------
    polars.DataFrame
        ``category, female, male, total, women_percent``, with a last row
        ``all`` for the whole workforce of the two annexes.

    Examples
    --------
    >>> from iom_annual import metrics
    >>> df = metrics.women_share_by_category()
    >>> df.filter(category="general_service").select("female", "male").row(0)
    (7102, 8303)
    """
    import polars as pl

    per = (
        frame("staff_by_nationality")
        .group_by("category", maintain_order=True)
        .agg(pl.col("female").sum(), pl.col("male").sum(), pl.col("total").sum())
    )
    everyone = per.select(pl.lit("all").alias("category"), pl.col("female", "male", "total").sum())
    return pl.concat([per, everyone]).with_columns(
        (pl.col("female") * 100 / pl.col("total")).alias("women_percent"))


def women_share_by_nationality(category: Category | None = None) -> pl.DataFrame:
    """Share of women per nationality (and category), from Annexes II and III.

    Rows with no staff have a null share rather than a division by zero.

    Parameters
    ----------
    category : {"general_service", "professional"}, optional
        One category; by default both categories are added up per nationality.

    Returns
    -------
    polars.DataFrame
        ``nationality, iso3, female, male, total, women_percent``, largest
        headcount first.

    Raises
    ------
    UnknownCategoryError
        If ``category`` is neither ``"general_service"`` nor
        ``"professional"``; the message names the closest one.

    Examples
    --------
    The largest Professional nationality of Annex III, United States of
    America, counts 110 women among its 191 staff:

    >>> from iom_annual import metrics
    >>> top = metrics.women_share_by_nationality("professional").row(0, named=True)
    >>> top["nationality"], top["female"], top["total"], round(top["women_percent"], 1)
    ('United States of America', 110, 191, 57.6)
    """
    import polars as pl

    valid = _category(category)
    rows = frame("staff_by_nationality")
    if valid is not None:
        rows = rows.filter(pl.col("category") == valid)
    # Group on the ISO3 code where there is one: the annexes spell one name two ways.
    key = pl.coalesce("iso3", "nationality").alias("key")
    return (
        rows.with_columns(key)
        .group_by("key", maintain_order=True)
        .agg(pl.col("nationality").first(), pl.col("iso3").first(),
             pl.col("female").sum(), pl.col("male").sum(), pl.col("total").sum())
        .drop("key")
        .with_columns(
            pl.when(pl.col("total") > 0)
            .then(pl.col("female") * 100 / pl.col("total"))
            .otherwise(None).alias("women_percent"))
        .sort(["total", "nationality"], descending=[True, False])
    )


def professional_share_of_headcount() -> pl.DataFrame:
    """Share of international Professional staff in the headcount (Annex I, Table 4).

    Returns
    -------
    polars.DataFrame
        ``year, international_professional, total, professional_percent,
        professional_percent_published, agrees``, one row per year of the
        table; agrees says the computed share rounds to the printed one.

    Examples
    --------
    The one year that disagrees: 667 of 5,397 staff is 12.4%, where Table 4
    prints 14% for 2005:

    >>> from iom_annual import metrics
    >>> shares = metrics.professional_share_of_headcount()
    >>> shares.filter(agrees=False)["year"].to_list()
    [2005]
    """
    import polars as pl

    return frame("staff_headcount").select(
        "year", "international_professional", "total",
        (pl.col("international_professional") * 100 / pl.col("total")).alias("professional_percent"),
        pl.col("professional_percent").alias("professional_percent_published"),
    ).with_columns(_agrees("professional_percent", "professional_percent_published"))


def headcount_change() -> pl.DataFrame:
    """Change of the headcount between the years of Annex I, Table 4.

    The table's years are not evenly spaced (1995, 2005, then 2017-2021), so
    each change is against the previous year listed, named in ``since``.

    Returns
    -------
    polars.DataFrame
        ``year, since, total, change, change_percent`` (null on the first year).

    Examples
    --------
    Annex I, Table 4: from 16,254 staff in 2020 to 17,761 in 2021, 1,507
    more (9.3%):

    >>> from iom_annual import metrics
    >>> last = metrics.headcount_change().filter(year=2021)
    >>> last.select("since", "change").row(0), round(last["change_percent"].item(), 1)
    ((2020, 1507), 9.3)
    """
    import polars as pl

    return frame("staff_headcount").sort("year").select(
        "year",
        pl.col("year").shift(1).alias("since"),
        "total",
        (pl.col("total") - pl.col("total").shift(1)).alias("change"),
        ((pl.col("total") / pl.col("total").shift(1) - 1) * 100).alias("change_percent"),
    )


def _published(figure_id: str) -> float:
    """A figure the report prints, from the key_figures dataset."""
    import polars as pl

    value: float = frame("key_figures").filter(pl.col("id") == figure_id)["value"].item()
    return value


def global_south_share() -> pl.DataFrame:
    """Share of all staff whose nationality is not an OECD DAC member (2021).

    Paragraph 153 counts staff from countries outside the OECD Development
    Assistance Committee as from the global South.  The rows 'Other' of the
    annexes name no nationality, so the share has a low bound (they are all
    from DAC countries) and a high bound (none is).

    Returns
    -------
    polars.DataFrame
        One row: ``staff, dac_staff, unnamed_staff, percent_low, percent_high,
        published, agrees`` where agrees says both bounds round to the
        printed figure.

    Examples
    --------
    >>> from iom_annual import metrics
    >>> metrics.global_south_share().select("published", "agrees").row(0)
    (82.0, True)
    """
    import polars as pl

    staff = frame("staff_by_nationality").join(
        frame("countries").select("iso3", "oecd_dac_2021"), on="iso3", how="left")
    total = int(staff["total"].sum())
    dac = int(staff.filter(pl.col("oecd_dac_2021").eq(True))["total"].sum())
    unnamed = int(staff.filter(pl.col("oecd_dac_2021").is_null())["total"].sum())
    low = (total - dac - unnamed) * 100 / total
    high = (total - dac) * 100 / total
    published = _published("diversity.global_south_staff_share_pct")
    return pl.DataFrame({
        "staff": [total], "dac_staff": [dac], "unnamed_staff": [unnamed],
        "percent_low": [low], "percent_high": [high], "published": [published],
        "agrees": [round_half_up(low) == round_half_up(high) == published],
    })


def nationality_counts() -> pl.DataFrame:
    """Nationalities with staff, counted from the annex rows, beside the printed counts.

    Three scopes, each printed in paragraph 153: the whole workforce
    (Annexes II and III), the Professional level (Annex III) and P-4 and
    above (Annex III, grades P-4 to E-1).  ``named`` counts the rows that
    name a nationality; the rows 'Other' may hide any number of further
    nationalities, from one up to their headcount.

    Returns
    -------
    polars.DataFrame
        ``scope, named, other_staff, published, agrees, possible`` where
        agrees means the printed count equals the named rows plus 'Other'
        counted once, and possible means it lies between named + 1 and
        named + other_staff.

    Examples
    --------
    Paragraph 153 counts 177 nationalities in the workforce; Annexes II and
    III name 170, and their rows 'Other' hold 45 staff of unnamed
    nationalities, so 177 is possible but cannot be checked:

    >>> from iom_annual import metrics
    >>> metrics.nationality_counts().filter(scope="workforce").row(0)
    ('workforce', 170, 45, 177, False, True)
    """
    import polars as pl

    cells = frame("staff_by_grade").filter(pl.col("staff") > 0)
    senior = grades_and_above("P-4")
    scopes = (
        ("workforce", cells, "diversity.workforce_nationalities"),
        ("professional", cells.filter(category="professional"),
         "diversity.professional_staff_nationalities"),
        ("p4_and_above", cells.filter(pl.col("category") == "professional",
                                      pl.col("grade").is_in(senior)),
         "diversity.senior_staff_p4_above_nationalities"),
    )
    rows = []
    for scope, sub, figure_id in scopes:
        named = sub.filter(pl.col("iso3").is_not_null())["iso3"].n_unique()
        other = int(sub.filter(pl.col("iso3").is_null())["staff"].sum())
        published = int(_published(figure_id))
        rows.append({
            "scope": scope, "named": named, "other_staff": other, "published": published,
            "agrees": published == named + (1 if other else 0),
            "possible": named + (1 if other else 0) <= published <= named + other,
        })
    return pl.DataFrame(rows)


def member_states_represented() -> pl.DataFrame:
    """Share of Member States with Professional staff, from Annex III (2021).

    Returns
    -------
    polars.DataFrame
        One row: ``member_states, represented, percent, published, agrees``.

    Examples
    --------
    >>> from iom_annual import metrics
    >>> represented = metrics.member_states_represented()
    >>> represented.select("represented", "member_states", "agrees").row(0)
    (134, 174, True)
    """
    import polars as pl

    rows = frame("staff_by_nationality").filter(category="professional", member_state=True)
    represented = rows.filter(pl.col("total") > 0).height
    percent = represented * 100 / rows.height
    published = _published("diversity.member_states_represented_professional_pct")
    return pl.DataFrame({
        "member_states": [rows.height], "represented": [represented], "percent": [percent],
        "published": [published], "agrees": [round_half_up(percent) == published],
    })
