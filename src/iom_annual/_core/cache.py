"""Values computed once per process, and small bounded memos, each with a lock and a reset.

Every lazy value of the package (the registry, the manifest, each data
frame, the indexes of names and of search) is one :class:`Once` or
:class:`OncePerKey`; memos of repeated look-ups are a bounded :class:`Recent`.
A first caller builds the value under the lock (check, lock, check again);
later callers read it without taking the lock.  :func:`reset` forgets every
one of them, for tests that change the data underneath.

This module imports neither ``typing`` nor ``threading``: the command line's
``list`` and ``describe`` read the registry, and start faster without them.
"""

from __future__ import annotations

import _thread
import weakref
from collections import OrderedDict

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the idiom)
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable
    from typing import Generic as _Generic
    from typing import TypeVar

    _K = TypeVar("_K", bound=Hashable)
    _T = TypeVar("_T")
else:
    class _Generic:
        """``typing.Generic`` for type checkers only: ``Once[int]`` is ``Once`` at run time."""

        def __class_getitem__(cls, item: object) -> type:
            return cls

    _K = _T = None

__all__ = ["Once", "OncePerKey", "Recent", "once", "reset"]

# Every cache, to reset them all; weakly, so that a memo of a discarded search index goes with it.
_every: weakref.WeakSet[Once[object] | OncePerKey[object, object] | Recent[object, object]]
_every = weakref.WeakSet()


class Once(_Generic[_T]):
    """The value of ``build()``, computed by the first call, under a lock.

    Examples
    --------
    >>> from iom_annual._core.cache import Once
    >>> calls = []
    >>> answer = Once(lambda: calls.append(1) or 42)
    >>> answer(), answer(), len(calls)
    (42, 42, 1)
    >>> answer.reset(); answer(), len(calls)
    (42, 2)
    """

    def __init__(self, build: Callable[[], _T]) -> None:
        self.build = build
        # Published whole, with one append: readers see all of it or nothing.
        self._value: list[_T] = []
        self._lock = _thread.allocate_lock()
        _every.add(self)  # type: ignore[arg-type]

    def __call__(self) -> _T:
        if not self._value:  # check, then lock: warm calls take no lock
            with self._lock:
                if not self._value:
                    self._value.append(self.build())
        return self._value[0]

    @property
    def built(self) -> bool:
        """Whether the value has been computed (and not reset since)."""
        return bool(self._value)

    def reset(self) -> None:
        """Forget the value: the next call builds it again."""
        with self._lock:
            self._value.clear()


def once(build: Callable[[], _T]) -> Once[_T]:
    """Decorator: a function without arguments whose result is computed once (a :class:`Once`)."""
    cached = Once(build)
    cached.__doc__ = build.__doc__
    return cached


class OncePerKey(_Generic[_K, _T]):
    """``build(key)`` for each key, computed once per key, under a lock.

    Examples
    --------
    >>> from iom_annual._core.cache import OncePerKey
    >>> square = OncePerKey(lambda n: n * n)
    >>> square(4), 4 in square, 5 in square
    (16, True, False)
    """

    def __init__(self, build: Callable[[_K], _T]) -> None:
        self.build = build
        self._values: dict[_K, _T] = {}
        self._lock = _thread.allocate_lock()
        _every.add(self)  # type: ignore[arg-type]

    def __call__(self, key: _K) -> _T:
        found = self._values.get(key)
        if found is None:
            with self._lock:
                found = self._values.get(key)
                if found is None:
                    found = self._values[key] = self.build(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def reset(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()


class Recent(_Generic[_K, _T]):
    """The most recently used values, at most ``size`` of them (least recently used go first).

    Every read and write holds the lock (a hit reorders the entries); the
    value itself is computed by the caller, outside it, so a slow first
    computation never blocks other callers.  At worst two threads compute
    the same value once each.

    Examples
    --------
    >>> from iom_annual._core.cache import Recent
    >>> memo = Recent(2)
    >>> memo.put("a", 1); memo.put("b", 2); memo.get("a"); memo.put("c", 3)
    1
    >>> memo.get("b") is None, len(memo)
    (True, 2)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[_K, _T] = OrderedDict()
        self._lock = _thread.allocate_lock()
        _every.add(self)  # type: ignore[arg-type]

    def get(self, key: _K) -> _T | None:
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def put(self, key: _K, value: _T) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    reset = clear

    def __len__(self) -> int:
        return len(self._values)


def reset() -> None:
    """Forget every cached value of the package: the next use reads the data again.

    For tests that change a data file or the registry underneath: the
    package itself never needs it.
    """
    for cache in _every:
        cache.reset()
