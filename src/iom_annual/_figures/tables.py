"""Frames of the figures stated in the report's text (no pydantic needed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iom_annual._core.errors import UnknownThemeError
from iom_annual._data.loader import frame
from iom_annual._data.registry import theme_names

if TYPE_CHECKING:
    import polars as pl

__all__ = ["charts", "key_figures"]


def key_figures(theme: str | None = None) -> pl.DataFrame:
    """Every figure stated in the report's text, optionally of one theme.

    Parameters
    ----------
    theme : str, optional
        A theme name (see :func:`iom_annual.themes`), e.g. ``"wash"``;
        case and surrounding spaces are ignored.

    Returns
    -------
    polars.DataFrame
        The ``key_figures`` dataset: value in base units, unit, qualifier,
        the token as printed, and the paragraph or box that prints it.
        ``iso3`` and ``regions`` are lists of strings: the places the
        figure's own number is about, empty when there is none.

    Raises
    ------
    UnknownThemeError
        With the closest theme names.

    Examples
    --------
    >>> import iom_annual
    >>> wash = iom_annual.key_figures("wash")
    >>> supported = wash.filter(metric="people_supported")
    >>> supported.select("value", "as_printed", "paragraph").row(0)
    (13300000.0, '13.3 million', 16)

    The figures about one country, by its ISO3 code:

    >>> import polars as pl
    >>> gambia = iom_annual.key_figures().filter(pl.col("iso3").list.contains("GMB"))
    >>> gambia["as_printed"].to_list(), gambia["iso3"].to_list()[0]
    (['one', 'three', 'six', 'six'], ['GMB'])
    """
    import polars as pl

    rows = frame("key_figures")
    if theme is None:
        return rows.clone()
    return rows.filter(pl.col("theme") == theme_name(theme))


def theme_name(theme: object) -> str:
    """The theme that ``theme`` names, case and surrounding spaces ignored.

    Raises
    ------
    UnknownThemeError
        With the closest theme names.
    """
    names = theme_names()
    folded = theme.strip().casefold() if isinstance(theme, str) else None
    if folded is None or folded not in names:
        raise UnknownThemeError(theme, names)
    return folded


def charts() -> pl.DataFrame:
    """The report's charts, whose numbers the text lost: titles and places only.

    Returns
    -------
    polars.DataFrame
        The ``charts`` dataset, one row per chart or infographic: its title
        as printed, the paragraph or box it stands in, its theme, a
        description of what it shows, and whether its data are available.

    Examples
    --------
    The first chart stands beside paragraph 10; none of the charts' numbers
    survive in the report's text:

    >>> import iom_annual
    >>> charts = iom_annual.charts()
    >>> charts.select("title_as_printed", "paragraph").row(0)
    ('Total number of internally displaced persons', 10)
    >>> charts.height, charts["data_available"].any()
    (11, False)
    """
    return frame("charts").clone()
