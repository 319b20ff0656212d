"""List the public functions and classes whose docstrings miss a numpy section.

Walks ``iom_annual.__all__`` and ``iom_annual.metrics.__all__`` and prints one
line per object with a gap.  A function needs:

* **Parameters** when it takes any, with an entry for each of them;
* **Returns** when its return annotation is not ``None``, with a line that
  says what it holds (not a bare type);
* **Raises** when it takes parameters (a bad argument raises a typed error,
  which the docstring must name) or its own source raises; one exception per
  entry (the API page shows one per line), each a class that exists and each
  with a line saying when;
* **Examples**.

A class needs **Parameters** or **Attributes** (what it is built from or
holds), and **Examples**.  An exception class that inherits its constructor
is described by its base (its page links it) and needs only **Examples**.
No section may appear twice.

Exits 1 when anything is missing, 0 otherwise (printing nothing).  With
``--counts`` it also prints how many objects it checked and how many have an
example.  ``tests/test_docstrings.py`` runs :func:`gaps`.
"""

from __future__ import annotations

import argparse
import builtins
import importlib
import inspect
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

_UNDERLINE = re.compile(r"^-{3,}$")


def sections(doc: str) -> dict[str, list[list[str]]]:
    """Each numpy section of ``doc`` (underlined heading) -> the bodies found, in order.

    A section named twice has two bodies; a body is its lines, as indented in ``doc``.
    """
    lines = doc.splitlines()
    found: dict[str, list[list[str]]] = {}
    body: list[str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if (i + 1 < len(lines) and line.strip() and not line[0].isspace()
                and _UNDERLINE.match(lines[i + 1].strip())):
            body = []
            found.setdefault(line.strip(), []).append(body)
            i += 2
            continue
        if body is not None:
            body.append(line)
        i += 1
    return found


def has_section(doc: str, name: str) -> bool:
    """Whether a numpy-style docstring has the section ``name`` (underlined)."""
    return name in sections(doc)


def entries(body: list[str]) -> list[tuple[str, list[str]]]:
    """The entries of a section body: each unindented line with the indented lines under it."""
    out: list[tuple[str, list[str]]] = []
    for line in body:
        if line.strip() and not line[0].isspace():
            out.append((line.strip(), []))
        elif out and line.strip():
            out[-1][1].append(line.strip())
    return out


def _parameters(func: Callable[..., object]) -> list[str]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters if p not in ("self", "cls")]


def _returns_something(func: Callable[..., object]) -> bool:
    annotation = inspect.signature(func).return_annotation
    return annotation not in (None, "None", inspect.Signature.empty)


def _raises_in_source(func: Callable[..., object]) -> bool:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    return re.search(r"^\s+raise\s+\w", source, re.MULTILINE) is not None


def _is_exception(name: str) -> bool:
    """Whether ``name`` (``UnknownGradeError``, ``pydantic.ValidationError``) is an exception class."""
    import iom_annual

    module, _, attr = name.rpartition(".")
    if module in ("", "iom_annual"):
        candidate = getattr(builtins, attr, None)
        if candidate is None and attr in iom_annual.__all__:
            candidate = getattr(iom_annual, attr)
    else:
        try:
            candidate = getattr(importlib.import_module(module), attr, None)
        except ImportError:
            return False
    return inspect.isclass(candidate) and issubclass(candidate, BaseException)


def _documented_names(body: list[str]) -> set[str]:
    """Parameter names of a Parameters section: ``a, b : int`` documents a and b."""
    names: set[str] = set()
    for head, _ in entries(body):
        names.update(n.strip().lstrip("*") for n in head.split(" :")[0].split(","))
    return names


def _function_gaps(func: Callable[..., object], found: dict[str, list[list[str]]]) -> list[str]:
    missing: list[str] = []
    params = _parameters(func)
    if params:
        if "Parameters" not in found:
            missing.append("Parameters")
        else:
            undocumented = [p for p in params if p not in _documented_names(found["Parameters"][0])]
            if undocumented:
                missing.append(f"Parameters entry for {', '.join(undocumented)}")
    if _returns_something(func):
        if "Returns" not in found:
            missing.append("Returns")
        elif not any(description for _, description in entries(found["Returns"][0])):
            missing.append("Returns description (what the value holds)")
    if (params or _raises_in_source(func)) and "Raises" not in found:
        missing.append("Raises")
    return missing


def _raises_gaps(found: dict[str, list[list[str]]]) -> list[str]:
    """What is wrong with the entries of a Raises section, if there is one."""
    missing: list[str] = []
    for head, description in entries(found.get("Raises", [[]])[0]):
        if "," in head:
            missing.append(f"Raises: one exception per entry, not {head!r}")
        elif not _is_exception(head):
            missing.append(f"Raises: {head!r} is not an exception class")
        elif not description:
            missing.append(f"Raises: when {head} is raised")
    return missing


def missing_sections(obj: object) -> list[str]:
    """What ``obj``'s docstring lacks, by the rules of this module's docstring."""
    found = sections(inspect.getdoc(obj) or "")
    missing = [f"only one {name} section" for name, bodies in found.items() if len(bodies) > 1]
    if inspect.isclass(obj):
        # An exception that inherits its constructor is described by its base.
        own_init = "__init__" in vars(obj) and bool(_parameters(obj.__init__))
        if (own_init or not issubclass(obj, BaseException)) and not (
                "Parameters" in found or "Attributes" in found):
            missing.append("Parameters or Attributes")
    elif callable(obj):
        missing += _function_gaps(obj, found)
    else:
        return []
    missing += _raises_gaps(found)
    if "Examples" not in found:
        missing.append("Examples")
    return missing


def public_objects() -> list[tuple[str, str, object]]:
    """Every public function and class of the package and of ``iom_annual.metrics``.

    Each as (public name, module that defines it, object); the module is the
    package's own record (``iom_annual._HOME``), since exceptions present
    themselves as ``iom_annual``'s.
    """
    import iom_annual
    from iom_annual import metrics

    found: list[tuple[str, str, object]] = []
    for name in iom_annual.__all__:
        obj = getattr(iom_annual, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found.append((f"iom_annual.{name}", iom_annual._HOME[name], obj))
    for name in metrics.__all__:
        obj = getattr(metrics, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found.append((f"iom_annual.metrics.{name}", "metrics", obj))
    return found


def gaps(exclude_modules: Collection[str] = ()) -> dict[str, list[str]]:
    """Public name -> what its docstring misses, for the objects with a gap.

    Objects defined in ``exclude_modules`` (module names inside the package,
    such as ``"_search"``) are left out.
    """
    return {name: missing for name, module, obj in public_objects()
            if module not in exclude_modules and (missing := missing_sections(obj))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", action="store_true",
                        help="also print how many objects were checked and how many have an example")
    parser.add_argument("--exclude", action="append", default=[], metavar="MODULE",
                        help="leave out the objects of this module (e.g. _search); repeatable")
    args = parser.parse_args(argv)
    problems = gaps(args.exclude)
    for name, missing in problems.items():
        print(f"{name}: missing {'; '.join(missing)}")
    if args.counts:
        checked = [obj for _, module, obj in public_objects() if module not in args.exclude]
        examples = sum(1 for obj in checked if has_section(inspect.getdoc(obj) or "", "Examples"))
        functions = [obj for obj in checked if not inspect.isclass(obj)]
        function_examples = sum(1 for obj in functions if has_section(inspect.getdoc(obj) or "", "Examples"))
        print(f"{len(problems)} of {len(checked)} public functions and classes have a gap; "
              f"{examples} have an example ({function_examples} of the {len(functions)} functions).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
