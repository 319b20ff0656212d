"""List the public functions and classes whose docstrings miss a numpy section.

Walks ``iom_annual.__all__`` and ``iom_annual.metrics.__all__`` and prints one
line per missing section:

* **Parameters**, for a function (or a class's constructor) that takes any;
* **Returns**, for a function whose return annotation is not ``None``;
* **Raises**, for a function that takes parameters (bad arguments raise a
  typed error, which the docstring must name) or whose source raises;
* **Examples**, for every function and every class but the exceptions.

Exits 1 when anything is missing, 0 otherwise.  Not run by CI yet: the
docstrings are being completed first (run it by hand:
``python tools/check_docstrings.py``).
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

SECTION = r"^\s*{name}\s*\n\s*-{{3,}}\s*$"


def has_section(doc: str, name: str) -> bool:
    """Whether a numpy-style docstring has the section ``name`` (underlined)."""
    return re.search(SECTION.format(name=re.escape(name)), doc, re.MULTILINE) is not None


def _parameters(func: Callable[..., Any]) -> list[str]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters if p not in ("self", "cls")]


def _returns_something(func: Callable[..., Any]) -> bool:
    annotation = inspect.signature(func).return_annotation
    return annotation not in (None, "None", inspect.Signature.empty)


def _raises_in_source(func: Callable[..., Any]) -> bool:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    return re.search(r"^\s+raise\s+\w", source, re.MULTILINE) is not None


def missing_sections(name: str, obj: object) -> list[str]:
    """The sections ``obj``'s docstring lacks, by the rules of this module's docstring."""
    doc = inspect.getdoc(obj) or ""
    missing = []
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return []
        if not has_section(doc, "Examples"):
            missing.append("Examples")
        return missing
    if not callable(obj):
        return []
    params = _parameters(obj)
    if params and not has_section(doc, "Parameters"):
        missing.append("Parameters")
    if _returns_something(obj) and not has_section(doc, "Returns"):
        missing.append("Returns")
    if (params or _raises_in_source(obj)) and not has_section(doc, "Raises"):
        missing.append("Raises")
    if not has_section(doc, "Examples"):
        missing.append("Examples")
    return missing


def public_objects() -> list[tuple[str, object]]:
    """Every public function and class of the package and of ``iom_annual.metrics``."""
    import iom_annual
    from iom_annual import metrics

    found: list[tuple[str, object]] = []
    for module, prefix in ((iom_annual, "iom_annual"), (metrics, "iom_annual.metrics")):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found.append((f"{prefix}.{name}", obj))
    return found


def main() -> int:
    objects = public_objects()
    problems = [(name, missing) for name, obj in objects if (missing := missing_sections(name, obj))]
    for name, missing in problems:
        print(f"{name}: missing {', '.join(missing)}")
    checked = [(name, obj) for name, obj in objects
               if not (inspect.isclass(obj) and issubclass(obj, BaseException))]
    with_examples = sum(1 for _, obj in checked if has_section(inspect.getdoc(obj) or "", "Examples"))
    print(f"{len(problems)} of {len(checked)} public functions and classes (exceptions aside) miss a "
          f"section; {with_examples} of {len(checked)} have an example.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
