"""The report's figures held against public sources outside the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iom_annual._core.errors import UnknownMetricError, UnknownThemeError
from iom_annual._data.loader import frame

if TYPE_CHECKING:
    import polars as pl

__all__ = ["corroboration"]


def corroboration(figure_id: str | None = None) -> pl.DataFrame:
    """Comparisons of the report's figures with outside sources.

    Parameters
    ----------
    figure_id : str, optional
        A ``key_figures`` id such as ``"finance.total_revenue"``: only the
        comparisons of that figure (none, for a figure no outside source
        publishes). By default every comparison.

    Returns
    -------
    polars.DataFrame
        The ``corroboration`` dataset: the report's value, the outside value
        and where it was read, its ``publisher``, the kind of ``copy`` read
        (``own``, ``mirror`` or ``republication``), ``independent_of_iom``,
        ``restates`` (the comparison a row repeats, which is not counted
        again), and ``agreement`` (``agrees``, ``differs`` or
        ``not_comparable``) with a note.  A fresh frame each call.

    Raises
    ------
    UnknownThemeError
        If ``figure_id`` is not text or the part before its dot is no
        theme; the message names the closest themes.
    UnknownMetricError
        If the theme has no such metric; the message names the closest metrics.

    Examples
    --------
    >>> import iom_annual
    >>> vhr = iom_annual.corroboration("assisted_voluntary_return.vhr_migrants_returned")
    >>> vhr.select("report_value", "outside_value", "agreement").row(0)
    (6376.0, 6367.0, 'differs')
    >>> vhr.select("publisher", "copy", "independent_of_iom", "restates").rows()
    [('IOM', 'republication', False, None), ('IOM', 'republication', False, 'iom-rr2021-vhr')]
    >>> import polars as pl
    >>> counted = iom_annual.corroboration().filter(pl.col("restates").is_null())
    >>> counted.filter(agreement="agrees").height >= 20
    True
    """
    import polars as pl

    rows = frame("corroboration")
    if figure_id is None:
        return rows.clone()
    figures = frame("key_figures")
    if not isinstance(figure_id, str) or figure_id not in set(figures["id"]):
        theme, _, metric = figure_id.partition(".") if isinstance(figure_id, str) else ("", "", "")
        in_theme = figures.filter(pl.col("theme") == theme)["metric"].to_list()
        if not in_theme:
            raise UnknownThemeError(theme, sorted(set(figures["theme"])))
        raise UnknownMetricError(metric, in_theme)
    return rows.filter(pl.col("figure_id") == figure_id)
