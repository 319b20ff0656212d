"""The pydantic validator of a :class:`~iom_annual.Figure`, made on first use.

``Figure`` is a light record (see ``figure.py``), so that serving the bundled
figures never imports pydantic: the build validated each of them, and the
loader checks their file against its recorded SHA-256.  A figure made by
hand (``Figure(**fields)``, ``Figure.model_validate``, unpickling) is
validated here, by a strict pydantic model made from ``Figure``'s own field
annotations, so that the fields are written down once, plus the rules that a
type cannot state.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Mapping
from functools import cache

from pydantic import BaseModel, ConfigDict, create_model, model_validator

from iom_annual._data.registry import edition
from iom_annual._figures.figure import FIRST_YEAR, list_fields, split_lists

if typing.TYPE_CHECKING:
    from iom_annual._figures.figure import Figure

__all__ = ["validated"]

# Checked by hand in ``_checked`` rather than with pydantic's constrained
# types: one rule each, in one place, with a message that says which.
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_TEXT_FIELDS = ("as_printed", "section", "description", "group", "linked_to")


def validated(figure: type[Figure], obj: Mapping[str, object]) -> tuple[object, ...]:
    """The values of ``obj`` in ``figure``'s field order, once strictly valid.

    Raises
    ------
    pydantic.ValidationError
        If a field is missing, unknown, of the wrong type, or breaks a rule.
    """
    data = dict(obj) if isinstance(obj, Mapping) else obj  # a new dict: the caller's is left as it was
    model = _model(figure).model_validate(data)
    return tuple(getattr(model, name) for name in figure._fields)


class _Rules(BaseModel):
    """What every figure obeys beyond the types of its fields (the base of the validator)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: object) -> object:
        if isinstance(data, dict):  # the caller's own dict was copied by ``validated``
            split_lists(data)
        return data

    @model_validator(mode="after")
    def _checked(self) -> _Rules:
        problem = next(_problems(self), None)
        if problem is not None:
            raise ValueError(problem)
        return self


@cache
def _model(figure: type[Figure]) -> type[BaseModel]:
    # The annotations are strings (``from __future__ import annotations``):
    # resolve them in the module that wrote them, through a bare class that
    # has only them (``Figure``'s bases annotate names for type checkers only).
    holder = type("Fields", (), {"__annotations__": dict(figure.__annotations__),
                                 "__module__": figure.__module__})
    hints = typing.get_type_hints(holder)
    fields: dict[str, typing.Any] = {name: (hints[name], ...) for name in figure._fields}
    return create_model(figure.__name__, __base__=_Rules, **fields)


def _problems(fig: BaseModel) -> typing.Iterator[str]:
    """What is wrong with a figure whose fields have the right types, first problem first."""
    values = fig.model_dump()
    for name in ("theme", "metric", "unit"):
        if not _SNAKE.fullmatch(values[name]):
            yield f"{name} must be snake_case, not {values[name]!r}"
    for name in _TEXT_FIELDS:
        if values[name] is not None and not values[name].strip():
            yield f"{name} cannot be empty"
    for name in list_fields():
        if not all(item.strip() for item in values[name]):
            yield f"{name} cannot hold an empty name"
    if not all(_ISO3.fullmatch(code) for code in values["iso3"]):
        yield f"iso3 codes must be three capital letters, not {values['iso3']!r}"
    if not math.isfinite(values["value"]):
        yield f"value must be a finite number, not {values['value']}"
    if any(n is not None and n < 1 for n in (values["paragraph"], values["box"])):
        yield "paragraph and box numbers start at 1"
    if values["id"] != f"{values['theme']}.{values['metric']}":
        yield f"id {values['id']!r} must be theme.metric ({values['theme']}.{values['metric']})"
    last = edition().year
    if not FIRST_YEAR <= values["year"] <= last:
        yield f"year {values['year']} is outside {FIRST_YEAR}-{last}, the years the report covers"
    if (values["paragraph"] is not None) != (values["location"] == "paragraph"):
        yield "paragraph is set exactly when location is 'paragraph'"
    if (values["box"] is not None) != (values["location"] == "box"):
        yield "box is set exactly when location is 'box'"
