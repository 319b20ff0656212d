"""The immutable record behind the registry's objects and the report's figures.

A record is a tuple of its fields, each read by name through a property, so
that its values cannot be changed, not even with ``object.__setattr__``.
Records are tuples rather than frozen dataclasses because ``dataclasses``
imports inspect, ast, dis and tokenize (~10 ms, as long as the interpreter
takes to start), which the command line's ``list`` and ``--help`` would pay
on every run.
"""

from __future__ import annotations

from operator import itemgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~9 ms at start-up)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import ClassVar, TypeVar

    from typing_extensions import Self, dataclass_transform

    _T = TypeVar("_T")
else:
    # Only type checkers read it: at run time the decorator changes nothing.
    def dataclass_transform(**_: object) -> Callable[[_T], _T]:
        return lambda cls: cls

__all__ = ["Record"]


# Type checkers treat a record class as a frozen dataclass: its fields are read-only
# and its constructor takes them by name (PEP 681).
@dataclass_transform(frozen_default=True)
class Record(tuple[object, ...]):
    """An immutable record: a tuple of its fields, each read by name.

    A subclass declares its fields as annotations, in order (a value gives the
    field a default) and ``__slots__ = ()``; each field becomes a read-only
    property over its place in the tuple.  Records compare equal only to
    records of the same class with the same values, hash like their values,
    and cannot be ordered.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, object]] = {}

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "__slots__" not in cls.__dict__:  # else instances get a __dict__ and new attributes
            raise TypeError(f"{cls.__name__} must declare __slots__ = ()")
        cls._fields = tuple(cls.__annotations__)
        cls._defaults = {name: cls.__dict__[name] for name in cls._fields if name in cls.__dict__}
        for index, name in enumerate(cls._fields):
            # No docstring of its own (the class's Attributes section says what
            # each field is), else the API docs would describe each field twice.
            setattr(cls, name, property(itemgetter(index), doc=""))

    def __new__(cls, *args: object, **kwargs: object) -> Self:
        fields = cls._fields
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__}() takes at most {len(fields)} values ({len(args)} given)")
        values = list(args)
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in cls._defaults:
                values.append(cls._defaults[name])
            else:
                raise TypeError(f"{cls.__name__}() needs a value for {name!r}")
        if kwargs:
            raise TypeError(f"{cls.__name__}() has no field or was given twice: {', '.join(kwargs)}")
        return tuple.__new__(cls, values)

    @classmethod
    def _make(cls, values: Iterable[object]) -> Self:
        """A record of ``values``, all given in field order (the registry's own fast path)."""
        return tuple.__new__(cls, values)

    def __getnewargs__(self) -> tuple[object, ...]:
        # pickle and copy rebuild with cls.__new__(cls, *values), not with one tuple
        return tuple(self)

    if not TYPE_CHECKING:
        # Hidden from type checkers, which report the fields as read-only
        # themselves (and would accept any name on a class with __setattr__).
        # Python's own message ("property of 'Figure' object has no setter")
        # says how, not what: say that the record cannot change.
        def __setattr__(self, name: str, value: object) -> None:
            raise AttributeError(f"{type(self).__name__} records cannot be changed; {name!r} cannot be set")

        def __delattr__(self, name: str) -> None:
            raise AttributeError(
                f"{type(self).__name__} records cannot be changed; {name!r} cannot be deleted")

    # A plain tuple would answer these by value, so that a record would equal
    # a tuple of its values, or a record of another class, and sort.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def _unordered(self, other: object) -> bool:
        raise TypeError(f"{type(self).__name__} records have no order")

    __lt__ = __le__ = __gt__ = __ge__ = _unordered

    def __repr__(self) -> str:
        from iom_annual._core.display import shorten

        fields = ", ".join(f"{name}={shorten(repr(value), 70)}" for name, value in self._items())
        return f"{type(self).__name__}({fields})"

    def _repr_html_(self) -> str:
        from iom_annual._core.display import html_record

        return html_record(type(self).__name__, self._items())

    def _items(self) -> list[tuple[str, object]]:
        return list(zip(self._fields, self, strict=True))
