"""One figure of the report's text, and the read-only objects that group them.

``Figure`` is an immutable record made from one row of the ``key_figures``
frame (validated by pydantic when made by hand, see ``schema.py``).
``ThemeFigures`` and ``FigureNamespace`` are the run-time classes behind
``iom_annual.operations.<theme>.<metric>``: one small class each, whose
instances hold no state (``__slots__ = ()``), so that no caller can change
what the next one reads, not even with ``object.__setattr__``.  Type checkers
and IDEs see the per-theme classes of the generated stub ``types.pyi``
instead, which name every metric.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Literal

from iom_annual._core.display import html_record, html_table, plural, shorten, value_phrase
from iom_annual._core.errors import InvalidArgumentError, UnknownMetricError, UnknownThemeError
from iom_annual._core.records import Record
from iom_annual._data.registry import edition

if TYPE_CHECKING:
    from collections.abc import Mapping

    import polars as pl
    from typing_extensions import Self

    from iom_annual._data.registry import Theme

__all__ = [
    "FIRST_YEAR",
    "PARTS",
    "Figure",
    "FigureNamespace",
    "ThemeFigures",
    "figure_note",
    "list_fields",
    "split_lists",
    "theme_class_name",
    "where_printed",
]

Namespace = Literal["operations", "institution"]
Qualifier = Literal["exact", "approximate", "lower_bound", "upper_bound"]
Location = Literal["foreword", "paragraph", "box"]
GroupRole = Literal["total", "part", "share", "partial"]

# The two parts of the report whose figures ``operations`` and ``institution``
# hold, with the report's headings, in its order.
PARTS: Mapping[Namespace, str] = MappingProxyType({
    "operations": "IOM operations and activities",
    "institution": "Institutional development and organizational effectiveness",
})

# IOM was founded in 1951 (the report's Introduction says so): no figure of an
# IOM annual report can be about an earlier year.  The latest year is the
# edition's own (the registry's ``edition.year``).
FIRST_YEAR = 1951

class Figure(Record):
    """One figure stated in the report, with its unit, qualifier and citation.

    Made from one row of :func:`iom_annual.key_figures`, whose columns are its
    fields.  A figure is an immutable record (a tuple of its fields, read by
    name): it cannot be changed, compares equal to a figure with the same
    values, and hashes, pickles and copies like one.  It is not a pydantic
    model, which keeps the first figure as quick as the first frame, but it
    shares :meth:`model_validate` and :meth:`model_dump` with the package's
    pydantic records, and validation goes through pydantic, strictly: a
    number must be a number (not ``True`` or ``"1000"``), names cannot be
    empty, ``year`` lies between IOM's founding (1951) and the report's year,
    and the paragraph or box matches ``location``.

    Parameters
    ----------
    **fields
        One value per column of ``key_figures`` (see :func:`iom_annual.dataset`
        for their meaning); a list field such as ``countries`` or ``iso3`` may
        be given as a tuple, as a list (the frame's ``iso3`` and ``regions``
        cells) or as its "; "-joined CSV cell.

    Raises
    ------
    pydantic.ValidationError
        If a field is missing, unknown, of the wrong type, or breaks a rule above.

    Notes
    -----
    Being a tuple, a figure given to ``json.dumps`` or to a DataFrame
    constructor becomes its values without their names: pass
    ``figure.model_dump()`` (a dict) instead, or use :func:`iom_annual.key_figures`.

    Examples
    --------
    >>> import iom_annual
    >>> wash = iom_annual.operations.wash.people_supported
    >>> wash
    Figure(wash.people_supported: 13.3 million people, C/113/INF/1/Rev.1, paragraph 16)
    >>> wash.value, wash.unit, wash.qualifier, wash.citation
    (13300000.0, 'people', 'exact', 'C/113/INF/1/Rev.1, paragraph 16')
    >>> row = wash.model_dump()
    >>> iom_annual.Figure.model_validate(row) == wash
    True
    >>> iom_annual.Figure.model_validate({**row, "value": "13.3 million"})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Figure
    ...
    """

    __slots__ = ()

    id: str
    namespace: Namespace
    theme: str
    metric: str
    value: float
    unit: str
    qualifier: Qualifier
    as_printed: str
    location: Location
    paragraph: int | None
    box: int | None
    year: int
    section: str
    description: str
    group: str | None
    group_role: GroupRole | None
    linked_to: str | None
    countries: tuple[str, ...]
    iso3: tuple[str, ...]
    regions: tuple[str, ...]

    def __new__(cls, **fields: object) -> Self:
        return cls.model_validate(fields)

    @classmethod
    def model_validate(cls, obj: Mapping[str, object]) -> Self:
        """A figure made from a mapping of field names to values, after strict validation.

        Parameters
        ----------
        obj : collections.abc.Mapping
            One value per field, such as a row of ``key_figures`` or what
            :meth:`model_dump` returns; list fields may be tuples, lists or
            "; "-joined cells.

        Returns
        -------
        Figure
            The figure, its list fields as tuples.

        Raises
        ------
        pydantic.ValidationError
            If a field is missing, unknown, of the wrong type, or breaks a rule
            of the class.

        Examples
        --------
        >>> import iom_annual
        >>> row = iom_annual.key_figures().row(0, named=True)
        >>> iom_annual.Figure.model_validate(row).id
        'strategy.staff_presence_countries_foreword'
        """
        from iom_annual._figures.schema import validated

        return cls._make(validated(cls, obj))

    def model_dump(self) -> dict[str, object]:
        """The figure's fields as a new dict, in the order of ``key_figures``' columns.

        Returns
        -------
        dict
            Field name to value; list fields are tuples.  The dict validates
            back into an equal figure with :meth:`model_validate`.

        Examples
        --------
        >>> import iom_annual
        >>> dumped = iom_annual.figure("wash.people_supported").model_dump()
        >>> dumped["value"], dumped["paragraph"], dumped["countries"]
        (13300000.0, 16, ())
        """
        return dict(self._items())

    # Immutable, like a tuple: a copy is the figure itself.
    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: object) -> Self:
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, object]]:
        # Unpickling validates again: a pickle is data from outside.
        return (), self.model_dump()

    @property
    def where(self) -> str:
        """The place that prints the figure: "paragraph 16", "Box 2" or "Foreword"."""
        return where_printed(self.location, self.paragraph, self.box)

    @property
    def citation(self) -> str:
        """Document symbol and place, as UN documents are cited."""
        return f"{edition().symbol}, {self.where}"

    @property
    def phrase(self) -> str:
        """The value in words, with its qualifier, and its year when not the report's."""
        text = value_phrase(self.value, self.unit, self.qualifier)
        return text if self.year == edition().year else f"{text} in {self.year}"

    def corroboration(self) -> pl.DataFrame:
        """What outside sources say of this figure.

        Returns
        -------
        polars.DataFrame
            The rows of :func:`iom_annual.corroboration` about this figure, one
            per copy read: the outside value, its publisher, the kind of copy,
            whether the publisher is independent of IOM, its source and URL,
            and whether it agrees (a row that repeats another names it in
            ``restates``); empty when no outside source was found.

        Examples
        --------
        >>> import iom_annual
        >>> vhr = iom_annual.figure("assisted_voluntary_return.vhr_migrants_returned")
        >>> vhr.value, vhr.corroboration()["outside_value"].unique().to_list()
        (6376.0, [6367.0])
        """
        from iom_annual._figures.corroboration import corroboration

        return corroboration(self.id)

    def __repr__(self) -> str:
        return shorten(f"Figure({self.id}: {self.phrase}, {self.citation})", 200)

    def _repr_html_(self) -> str:
        fields: list[tuple[str, object]] = [
            ("value", self.phrase), ("as printed", self.as_printed), ("what", self.description),
            ("section", self.section), ("citation", self.citation),
        ]
        if self.countries:
            fields.append(("countries", "; ".join(self.countries)))
        if self.linked_to:
            fields.append(("linked to", self.linked_to))
        return html_record(f"Figure {self.id}", fields)


_LIST_FIELDS = tuple(n for n in Figure._fields if Figure.__annotations__[n] == "tuple[str, ...]")


def where_printed(location: str, paragraph: int | None, box: int | None) -> str:
    """The place in the report that ``location`` and its number name, as the package cites it.

    The one wording of a figure's place (``Figure.where``, search results,
    the discrepancies, the docs).

    Examples
    --------
    >>> from iom_annual._figures.figure import where_printed
    >>> where_printed("paragraph", 16, None), where_printed("box", None, 2)
    ('paragraph 16', 'Box 2')
    >>> where_printed("foreword", None, None)
    'Foreword'
    """
    if location == "paragraph":
        return f"paragraph {paragraph}"
    return f"Box {box}" if location == "box" else "Foreword"


def list_fields() -> tuple[str, ...]:
    """The fields of a :class:`Figure` that hold a list of names (in a frame, a list or a "; "-joined cell).

    Every ``tuple[str, ...]`` field is one, so a list column added to
    ``key_figures`` is one more field line in ``Figure`` and nothing else.
    """
    return _LIST_FIELDS


def split_lists(values: dict[str, object]) -> None:
    """Turn the list fields of ``values`` into tuples, in place.

    A field may come as a "; "-joined cell (or null), as the CSV and the
    ``countries`` column hold it, or as a list, as the frame's list columns
    (``iso3``, ``regions``) give it; the bundled rows and a row given to
    :meth:`Figure.model_validate` both pass through here.  A list field that
    is already a tuple (or anything else) is left as it is.
    """
    for name in _LIST_FIELDS:
        cell = values.get(name, ...)
        if cell is None or isinstance(cell, str):
            values[name] = tuple(cell.split("; ")) if cell else ()
        elif isinstance(cell, list):  # a list column of the frame (iso3, regions)
            values[name] = tuple(cell)


def theme_class_name(theme: str) -> str:
    """The class of a theme's figures, in the stub and at run time: wash → WashFigures."""
    return "".join(part.capitalize() for part in theme.split("_")) + "Figures"


def figure_note(figure: Figure) -> str:
    """A figure's description with its place and year, as the stub and ``help()`` show it."""
    return f"{figure.description} ({figure.where}, {figure.year})."


class _ReadOnly:
    """Named members served as attributes; instances hold nothing.

    What a subclass serves lives in its class (``_members``, read-only), so
    that an instance has no state to change, not even through
    ``object.__setattr__``.
    """

    __slots__ = ()
    _title: ClassVar[str] = ""
    _path: ClassVar[str] = ""  # where the package serves it: "operations" or "operations.wash"
    _members: ClassVar[Mapping[str, object]] = MappingProxyType({})
    _unknown: ClassVar[type[InvalidArgumentError]] = InvalidArgumentError

    @classmethod
    def _made(cls, name: str, doc: str, members: Mapping[str, object], title: str, **names: str) -> type:
        """A subclass serving ``members``, documented by ``doc`` (what ``help()`` shows)."""
        return type(name, (cls,), {"__slots__": (), "__doc__": doc, "_title": title,
                                   "_members": MappingProxyType(dict(members)), **names})

    if not TYPE_CHECKING:
        # Hidden from type checkers, which must keep flagging unknown names
        # (the stub declares every theme and metric).
        def __getattr__(self, name: str) -> object:
            """The member called ``name``, or an error naming the closest ones."""
            found = type(self)._members.get(name)
            if found is None:
                if name.startswith("_"):
                    raise AttributeError(name)
                raise type(self)._unknown(name, type(self)._members)
            return found

    def __dir__(self) -> list[str]:
        return [*type(self)._members, "figures"]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; {name!r} cannot be deleted")

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # The classes are made at run time: pickle the way back to the object
        # (so that it crosses multiprocessing), not the class.
        return _served, (self._path,)


def _served(path: str) -> object:
    """The object ``iom_annual`` serves at ``path`` ("operations.wash")."""
    from importlib import import_module

    found: object = import_module("iom_annual")
    for name in path.split("."):
        found = getattr(found, name)
    return found


class ThemeFigures(_ReadOnly):
    """The figures of one theme, as read-only attributes named by metric.

    Each theme has its own small subclass (``WashFigures`` for ``wash``),
    made on first use from the ``key_figures`` frame; an attribute returns a
    :class:`Figure`, which is immutable.

    Raises
    ------
    UnknownMetricError
        For an attribute that is not a metric of the theme (an
        ``AttributeError`` too), naming the closest metrics.
    AttributeError
        On any attempt to set or delete an attribute.

    Examples
    --------
    >>> import iom_annual
    >>> wash = iom_annual.operations.wash
    >>> dir(wash)
    ['figures', 'operation_countries', 'people_supported']
    >>> [f.id for f in wash.figures()]
    ['wash.operation_countries', 'wash.people_supported']
    """

    __slots__ = ()
    _theme: ClassVar[str] = ""
    _members: ClassVar[Mapping[str, Figure]] = MappingProxyType({})
    _unknown = UnknownMetricError

    @classmethod
    def _subclass(cls, theme: Theme, figures: Mapping[str, Figure]) -> type[ThemeFigures]:
        notes = "\n".join(f"{metric}\n    {figure_note(f)}" for metric, f in figures.items())
        doc = (f"{theme.title}: {theme.description}\n\nFigures (attributes) in reading order\n"
               f"-------------------------------------\n{notes}\n")
        made: type[ThemeFigures] = cls._made(theme_class_name(theme.name), doc, figures, theme.title,
                                              _theme=theme.name, _path=f"{theme.namespace}.{theme.name}")
        return made

    def figures(self) -> tuple[Figure, ...]:
        """Every figure of the theme, in reading order."""
        return tuple(type(self)._members.values())

    def __repr__(self) -> str:
        figures = type(self)._members
        width = max((len(m) for m in figures), default=0)
        lines = [f"{type(self).__name__}: {self._title}, {plural(len(figures), 'figure')}"]
        lines += [f"  {m:<{width}}  {f.phrase}  ({f.where})" for m, f in figures.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(m, f.phrase, f.as_printed, f.where) for m, f in type(self)._members.items()]
        caption = f"{self._title} ({self._theme}): {plural(len(rows), 'figure')}"
        return html_table(["metric", "value", "as printed", "where"], rows, caption=caption)


class FigureNamespace(_ReadOnly):
    """The themes of one part of the report, as read-only attributes.

    ``iom_annual.operations`` and ``iom_annual.institution`` are the two
    instances, each of its own small subclass.

    Raises
    ------
    UnknownThemeError
        For an attribute that is not a theme of the part (an
        ``AttributeError`` too), naming the closest themes.
    AttributeError
        On any attempt to set or delete an attribute.

    Examples
    --------
    >>> import iom_annual
    >>> "wash" in dir(iom_annual.operations)
    True
    >>> iom_annual.operations.wash.people_supported.where
    'paragraph 16'
    """

    __slots__ = ()
    _name: ClassVar[str] = ""
    _members: ClassVar[Mapping[str, ThemeFigures]] = MappingProxyType({})
    _unknown = UnknownThemeError

    @classmethod
    def _subclass(cls, name: str, title: str, themes: Mapping[str, ThemeFigures]) -> type[FigureNamespace]:
        notes = "\n".join(f"{n}\n    {t._title} ({plural(len(t._members), 'figure')})"
                          for n, t in themes.items())
        doc = (f'The figures of the part "{title}", by theme.\n\n'
               f"Themes (attributes)\n-------------------\n{notes}\n")
        made: type[FigureNamespace] = cls._made(name.capitalize(), doc, themes, title, _name=name, _path=name)
        return made

    def figures(self) -> tuple[Figure, ...]:
        """Every figure of the part, theme by theme."""
        return tuple(f for theme in type(self)._members.values() for f in theme.figures())

    def __repr__(self) -> str:
        themes = type(self)._members
        cells = [f"{n} ({len(t._members)})" for n, t in themes.items()]
        width = max((len(c) for c in cells), default=0) + 2
        per_line = max(1, 100 // width)
        total = sum(len(t._members) for t in themes.values())
        counts = f"{plural(len(themes), 'theme')}, {plural(total, 'figure')}"
        lines = [f"{type(self).__name__}: {self._title}; {counts}"]
        for i in range(0, len(cells), per_line):
            lines.append("  " + "".join(c.ljust(width) for c in cells[i:i + per_line]).rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(n, t._title, len(t._members)) for n, t in type(self)._members.items()]
        return html_table(["theme", "title", "figures"], rows, caption=f"{self._title} ({self._name})")
