"""The figures stated in the report's text, served as typed attributes.

``iom_annual.operations`` and ``iom_annual.institution`` are built once, on
first use, from the ``key_figures`` frame: one :class:`Figure` per row and one
small class per theme (see ``figure.py``).  Type checkers read the generated
stub ``types.pyi`` instead, which names every theme and metric, and the
``Literal`` of every figure id (``FigureId``); this module never imports it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from iom_annual._core.cache import once
from iom_annual._core.errors import UnknownMetricError, UnknownThemeError
from iom_annual._data.loader import frame
from iom_annual._data.registry import themes
from iom_annual._figures.figure import PARTS, Figure, FigureNamespace, ThemeFigures, split_lists

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iom_annual._figures.types import FigureId, Institution, Operations

__all__ = ["Figure", "FigureId", "figure", "institution", "operations"]

_Store = tuple["Mapping[str, FigureNamespace]", "Mapping[str, Figure]"]


@once
def _store() -> _Store:
    by_id: dict[str, Figure] = {}
    by_theme: dict[str, dict[str, Figure]] = {}
    fields = Figure._fields
    for row in frame("key_figures").select(fields).iter_rows():
        # The frame's columns are the record's fields, in order.  The bundled
        # rows are not validated again: the build validated each one as a
        # Figure, and the loader has checked the file against its recorded
        # SHA-256, so validation here would only repeat that work (and import
        # pydantic at start-up, which costs as much as reading the frame).
        values = dict(zip(fields, row, strict=True))
        split_lists(values)
        fig = Figure._make(values.values())
        by_id[fig.id] = fig
        by_theme.setdefault(fig.theme, {})[fig.metric] = fig
    members: dict[str, dict[str, ThemeFigures]] = {part: {} for part in PARTS}
    for theme in themes():
        if theme.name in by_theme:
            members[theme.namespace][theme.name] = ThemeFigures._subclass(theme, by_theme[theme.name])()
    namespaces: dict[str, FigureNamespace] = {
        part: FigureNamespace._subclass(part, title, members[part])() for part, title in PARTS.items()
    }
    return MappingProxyType(namespaces), MappingProxyType(by_id)


def operations() -> Operations:
    """The figures of "IOM operations and activities", by theme (shared, read-only)."""
    return cast("Operations", _store()[0]["operations"])


def institution() -> Institution:
    """The figures of "Institutional development and organizational effectiveness"."""
    return cast("Institution", _store()[0]["institution"])


def figure(id: FigureId) -> Figure:
    """One figure by its id, ``"theme.metric"``.

    Parameters
    ----------
    id : FigureId
        A value of the ``id`` column of :func:`iom_annual.key_figures`, such as
        ``"wash.people_supported"``, in any case; type checkers know every valid id.

    Returns
    -------
    Figure
        The figure, immutable: what one caller holds, the next reads unchanged.

    Raises
    ------
    UnknownThemeError
        If the part before the dot is not a theme (a bare metric name is
        answered with the ids that end in it).
    UnknownMetricError
        If the theme has no such metric; both name the closest matches.  A
        theme alone ("wash") is answered with how to list its figures.
    TypeError
        If ``id`` is not a str.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.figure("cccm.displacement_sites").value
    1561.0
    >>> iom_annual.figure("people_supported")
    Traceback (most recent call last):
    ...
    iom_annual.UnknownThemeError: unknown theme 'people_supported'; did you mean 'wash.people_supported'? ...
    """
    namespaces, by_id = _store()
    if not isinstance(id, str):  # a wrong type gets no close matches
        raise TypeError(f"a figure id is a str such as 'wash.people_supported', not {type(id).__name__}")
    found = by_id.get(id)
    if found is not None:
        return found
    # Ids are lower case: any case and surrounding spaces are accepted, as for other names.
    found = by_id.get(id.strip().casefold())
    if found is not None:
        return found
    theme, dot, metric = id.strip().casefold().partition(".")
    holders = {name: ns for ns in namespaces.values() for name in type(ns)._members}
    if theme in holders and not dot:
        # A theme where a figure was asked for: say so, and how to list its figures.
        part = next(name for name, ns in namespaces.items() if ns is holders[theme])
        error = UnknownMetricError(theme, type(holders[theme])._members[theme]._members)
        listed = str(error)[str(error).index("Valid options"):]
        error.args = (f"{theme!r} is a theme, not a figure: list its figures with "
                      f"iom_annual.{part}.{theme}.figures() (on the command line: iom-annual figure "
                      f"{theme}), or ask for one by its id, '{theme}.METRIC'. {listed}",)
        raise error
    if theme in holders:
        raise UnknownMetricError(metric, type(holders[theme])._members[theme]._members)
    if not dot:
        # A bare metric ("people_supported"): offer the ids that end in it.
        ids = [i for i in by_id if i.endswith(f".{theme}")]
        if ids:
            raise UnknownThemeError(id, ids)
    raise UnknownThemeError(theme if dot else id, holders)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        # ``FigureId`` at run time: the same Literal as the stub's, made from
        # the data on first use (type checkers read the stub's).
        if name == "FigureId":
            from typing import Literal

            value = Literal[tuple(_store()[1])]
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
