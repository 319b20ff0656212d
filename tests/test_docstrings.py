"""Every public function and class has a complete numpy docstring (issue 11).

Runs the checker of ``tools/check_docstrings.py`` (Parameters, Returns,
Raises one exception per entry, Examples for functions; Parameters or
Attributes and Examples for classes), and every example.  The docs' doctest
build runs the examples too, but ignores the messages of exceptions; here
they must match.
"""

from __future__ import annotations

import doctest
import inspect

import pytest

from tools.check_docstrings import gaps, missing_sections, public_objects


def test_every_public_docstring_is_complete() -> None:
    found = gaps()
    assert found == {}, "\n".join(f"{name}: missing {'; '.join(m)}" for name, m in found.items())


@pytest.mark.parametrize(("name", "obj"), [(name, obj) for name, _module, obj in public_objects()])
def test_every_example_runs(name: str, obj: object) -> None:
    # The names the docs' doctest_global_setup provides (docs/conf.py).
    from iom_annual import metrics

    globs = {"iom_annual": __import__("iom_annual"), "round_half_up": metrics.round_half_up}
    test = doctest.DocTestParser().get_doctest(inspect.getdoc(obj) or "", globs, name, None, 0)
    assert test.examples, f"{name} has no example"
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_the_checker_walks_the_public_api() -> None:
    names = {name for name, _, _ in public_objects()}
    # functions and classes of both namespaces; constants and aliases are not checked
    assert {"iom_annual.load", "iom_annual.Figure", "iom_annual.UnknownGradeError",
            "iom_annual.metrics.round_half_up"} <= names
    assert "iom_annual.CATEGORIES" not in names
    assert all(module in {"metrics"} or module.startswith("_") for _, module, _ in public_objects())


def _sample(a: int, b: int = 0) -> int:
    """Add.

    Parameters
    ----------
    a : int
        First.

    Returns
    -------
    int

    Raises
    ------
    TypeError, ValueError
        When.
    NoSuchError
        Never.

    Raises
    ------
    KeyError
    """
    return a + b


class _Bare:
    """A class with no sections."""


class _OwnError(Exception):
    """An exception with its own constructor and no sections."""

    def __init__(self, path: str) -> None:
        super().__init__(path)


class _InheritingError(_OwnError):
    """An exception described by its base.

    Examples
    --------
    >>> raise _InheritingError("x")
    Traceback (most recent call last):
    _InheritingError: x
    """


@pytest.mark.parametrize(("obj", "expected"), [
    (_sample, ["only one Raises section", "Parameters entry for b",
               "Returns description (what the value holds)",
               "Raises: one exception per entry, not 'TypeError, ValueError'",
               "Raises: 'NoSuchError' is not an exception class", "Examples"]),
    (_Bare, ["Parameters or Attributes", "Examples"]),
    (_OwnError, ["Parameters or Attributes", "Examples"]),
    (_InheritingError, []),
])
def test_the_checker_finds_each_kind_of_gap(obj: object, expected: list[str]) -> None:
    assert missing_sections(obj) == expected
