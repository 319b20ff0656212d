"""IOM's revenue and expenses 2011-2024, from the UN System Chief Executives Board's statistics.

The report gives IOM's finances for 2021 only; the ``finance_*`` datasets
carry the CEB's figures for every year from 2011, read in a pinned copy of
the public repository ``un-fck/open.unfck.org`` (see ``tools/finance.py``).
These functions serve them as frames.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

from iom_annual._core.errors import UnknownYearError
from iom_annual._data.loader import frame

if TYPE_CHECKING:
    import polars as pl

__all__ = ["UnknownYearError", "finance_by_country", "finance_by_year", "finance_donors"]


# The CEB table's four revenue groups and the three functions of its expenses, in column order.
_GROUPS = ("assessed", "voluntary_unearmarked", "voluntary_earmarked", "other")
_FUNCTIONS = ("development", "humanitarian", "global_agenda")


def finance_by_year() -> pl.DataFrame:
    """IOM's revenue and expenses for each year, 2011-2024: one row a year.

    Returns
    -------
    polars.DataFrame
        ``year``; ``revenue`` (the sum of the CEB table's rows) and its four
        groups ``assessed``, ``voluntary_unearmarked``, ``voluntary_earmarked``
        and ``other``; ``revenue_derived``, the total of the repository's
        derived file (empty for 2011 and 2012, which it lacks; see
        ``finance_checks`` where the two differ); ``expenses`` and its three
        functions ``development``, ``humanitarian`` and ``global_agenda``.
        Amounts in US dollars.

    Examples
    --------
    The report's year: revenue USD 2,549.5 million, expenses USD 2,532.1 million
    (paragraph 122):

    >>> import iom_annual
    >>> by_year = iom_annual.finance_by_year()
    >>> row = by_year.filter(year=2021)
    >>> round(row["revenue"].item() / 1e6, 1), round(row["expenses"].item() / 1e6, 1)
    (2549.5, 2532.1)
    >>> by_year["year"].to_list() == list(range(2011, 2025))
    True
    """
    import polars as pl

    revenue = frame("finance_revenue")
    table = (revenue.filter(origin="ceb_table")
             .pivot(on="group", index="year", values="amount", aggregate_function="sum")
             .select("year", *_GROUPS)
             .with_columns(revenue=pl.sum_horizontal(*_GROUPS).round(2)))
    derived = (revenue.filter(origin="derived").group_by("year")
               .agg(revenue_derived=pl.col("amount").sum().round(2)))
    expenses = frame("finance_expenses")
    functions = (expenses.filter(pl.col("function") != "total")
                 .pivot(on="function", index="year", values="amount")
                 .select("year", *_FUNCTIONS))
    totals = expenses.filter(function="total").select("year", expenses="amount")
    return (table.join(derived, on="year", how="left")
            .join(totals, on="year", how="full", coalesce=True)
            .join(functions, on="year", how="left")
            .select("year", "revenue", *_GROUPS, "revenue_derived", "expenses", *_FUNCTIONS)
            .sort("year"))


def _one_year(name: str, year: int | None) -> pl.DataFrame:
    import polars as pl

    rows = frame(name)
    if year is None:
        return rows.clone()
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise TypeError(f"year must be an int such as 2021, not {type(year).__name__}")
    year = int(year)  # numpy's integers too
    years = sorted(set(rows["year"]))
    if year not in years:
        raise UnknownYearError(year, [str(y) for y in years], _why_not(name, year))
    return rows.filter(pl.col("year") == year)


# The series of finance_checks that records the years each dataset lacks.
_SERIES = {"finance_by_country": "expenses.by_country"}


def _why_not(name: str, year: object) -> str | None:
    """Why ``finance_checks`` says a year of ``name`` is missing upstream or left out, if it does."""
    import polars as pl

    if name not in _SERIES or isinstance(year, bool) or not isinstance(year, int):
        return None
    checks = frame("finance_checks").filter(pl.col("series") == _SERIES[name], pl.col("year") == year,
                                            pl.col("kind").is_in(["missing", "left_out"]))
    return None if checks.is_empty() else f"{checks['what'][0]} (see finance_checks)"


def finance_donors(year: int | None = None) -> pl.DataFrame:
    """Who funds IOM: revenue by donor, 2013-2024, largest first within a year.

    Parameters
    ----------
    year : int, optional
        One year from 2013 to 2024; by default every year.

    Returns
    -------
    polars.DataFrame
        The ``finance_donors`` dataset: each donor's total and its split by
        type, the donor's category (``donor_type``) and, for governments, the
        ISO3 code of the country.

    Raises
    ------
    UnknownYearError
        If ``year`` is not a year the dataset covers; the message lists them.
    TypeError
        If ``year`` is not an integer.

    Examples
    --------
    >>> import iom_annual
    >>> top = iom_annual.finance_donors(2021).head(3)
    >>> top.select("donor", "donor_type", "iso3").rows()  # doctest: +NORMALIZE_WHITESPACE
    [('United States of America', 'Government', 'USA'),
     ('European Union', 'European Union', None),
     ('Germany', 'Government', 'DEU')]
    """
    return _one_year("finance_donors", year)


def finance_by_country(year: int | None = None) -> pl.DataFrame:
    """Where IOM spends: expenses by country, 2016-2024, largest first within a year.

    Parameters
    ----------
    year : int, optional
        One year from 2016 to 2024; by default every year.  Earlier years are
        missing or left out (``finance_checks`` says why).

    Returns
    -------
    polars.DataFrame
        The ``finance_by_country`` dataset: ISO3 code, country, amount.

    Raises
    ------
    UnknownYearError
        If ``year`` is not a year the dataset covers.
    TypeError
        If ``year`` is not an integer.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.finance_by_country(2021).head(2).select("iso3", "country").rows()
    [('GRC', 'Greece'), ('IRQ', 'Iraq')]
    """
    return _one_year("finance_by_country", year)
