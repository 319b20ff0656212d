"""The figures stated in the report's text: a frame, and typed theme models.

``iom_annual.operations`` and ``iom_annual.institution`` are built on first
use from the ``key_figures`` dataset into the classes generated in
``_themes.py``, so that ``operations.wash.people_supported.value`` is a real,
type-checked attribute.  This module imports pydantic; the package imports it
only when figures are asked for.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict

from iom_annual._errors import UnknownMetricError, UnknownThemeError
from iom_annual._loader import frame
from iom_annual._registry import edition

if TYPE_CHECKING:
    from iom_annual._themes import Institution, Operations

__all__ = ["Figure", "FigureNamespace", "ThemeFigures", "figure", "institution", "operations"]

Qualifier = Literal["exact", "approximate", "lower_bound", "upper_bound"]


class Figure(BaseModel):
    """One figure stated in the report, with its unit, qualifier and citation.

    Examples
    --------
    >>> import iom_annual
    >>> wash = iom_annual.operations.wash.people_supported
    >>> wash.value, wash.unit, wash.qualifier, wash.citation
    (13300000.0, 'people', 'exact', 'C/113/INF/1/Rev.1, paragraph 16')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    namespace: Literal["operations", "institution"]
    theme: str
    metric: str
    value: float
    unit: str
    qualifier: Qualifier
    as_printed: str
    location: Literal["foreword", "paragraph", "box"]
    paragraph: int | None
    box: int | None
    year: int
    section: str
    description: str
    group: str | None
    group_role: Literal["total", "part", "share", "partial"] | None
    linked_to: str | None
    countries: tuple[str, ...]
    iso3: tuple[str, ...]
    regions: tuple[str, ...]

    @property
    def where(self) -> str:
        """The place that prints the figure: "paragraph 16", "Box 2" or "Foreword"."""
        if self.location == "paragraph":
            return f"paragraph {self.paragraph}"
        return f"Box {self.box}" if self.location == "box" else "Foreword"

    @property
    def citation(self) -> str:
        """Document symbol and place, as UN documents are cited."""
        return f"{edition().symbol}, {self.where}"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    if not TYPE_CHECKING:
        # Hidden from type checkers, which must keep flagging unknown names.
        def __getattr__(self, name: str) -> object:
            try:
                return super().__getattr__(name)
            except AttributeError:
                if name.startswith("_"):
                    raise
                raise self._unknown(name) from None

    def _unknown(self, name: str) -> AttributeError:
        raise NotImplementedError


class ThemeFigures(_Strict):
    """Base of the per-theme models: every field is a :class:`Figure`."""

    def _unknown(self, name: str) -> AttributeError:
        return UnknownMetricError(name, type(self).model_fields)

    def figures(self) -> list[Figure]:
        """Every figure of the theme, in reading order."""
        return [getattr(self, name) for name in type(self).model_fields]


class FigureNamespace(_Strict):
    """Base of ``operations`` and ``institution``: every field is a theme."""

    def _unknown(self, name: str) -> AttributeError:
        return UnknownThemeError(name, type(self).model_fields)


_lock = threading.Lock()
_built: dict[str, FigureNamespace] = {}


def _build() -> dict[str, FigureNamespace]:
    with _lock:
        if not _built:
            from iom_annual._themes import Institution, Operations

            tree: dict[str, dict[str, dict[str, object]]] = {"operations": {}, "institution": {}}
            for row in frame("key_figures").iter_rows(named=True):
                for column in ("countries", "iso3", "regions"):
                    row[column] = tuple(row[column].split("; ")) if row[column] else ()
                tree[row["namespace"]].setdefault(row["theme"], {})[row["metric"]] = row
            _built["operations"] = Operations.model_validate(tree["operations"])
            _built["institution"] = Institution.model_validate(tree["institution"])
    return _built


def operations() -> Operations:
    """The figures of "IOM operations and activities", by theme (frozen, shared)."""
    return cast("Operations", _build()["operations"])


def institution() -> Institution:
    """The figures of "Institutional development and organizational effectiveness"."""
    return cast("Institution", _build()["institution"])


def figure(id: str) -> Figure:
    """One figure by its id (``"wash.people_supported"``).

    Raises
    ------
    UnknownThemeError, UnknownMetricError
        With the closest matches.
    """
    theme, _, metric = id.partition(".") if isinstance(id, str) else ("", "", "")
    for namespace in _build().values():
        if theme in type(namespace).model_fields:
            found: ThemeFigures = getattr(namespace, theme)
            if metric not in type(found).model_fields:
                raise UnknownMetricError(metric, type(found).model_fields)
            result: Figure = getattr(found, metric)
            return result
    names = [n for ns in _build().values() for n in type(ns).model_fields]
    raise UnknownThemeError(theme, names)
