"""Typed, frozen records of the staff tables, validated on construction.

Records are deeply immutable (the grade counts are a read-only mapping),
hashable, and strict: a bool or a string is not a count, a name cannot be
blank, an ISO3 code is three capital letters, and a year is one the report
prints.  This module imports pydantic, so the package imports it only when a
caller asks for records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from iom_annual._core.cache import once
from iom_annual._core.display import html_record, html_table, number, shorten
from iom_annual._data.registry import dataset, grade_lists
from iom_annual._staff.tables import Category  # noqa: TC001 (pydantic reads the annotation at run time)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = [
    "Discrepancy",
    "GradeCounts",
    "HeadcountYear",
    "NationalityStaff",
]


class GradeCounts(Mapping[str, int]):
    """Staff per grade, in the annex's column order: a read-only, hashable mapping.

    Examples
    --------
    >>> counts = GradeCounts({"P-3": 35, "P-2": 20})
    >>> counts["P-3"], list(counts), hash(counts) == hash(GradeCounts({"P-3": 35, "P-2": 20}))
    (35, ['P-3', 'P-2'], True)
    """

    __slots__ = ("_items",)
    _items: tuple[tuple[str, int], ...]

    def __init__(self, counts: Mapping[str, int]) -> None:
        # A tuple of pairs: nothing reachable from the record can be changed.
        object.__setattr__(self, "_items", tuple(counts.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __reduce__(self) -> tuple[type[GradeCounts], tuple[dict[str, int]]]:
        # pickle and copy rebuild through __init__ (their default sets the slot).
        return (type(self), (dict(self._items),))

    def __getitem__(self, grade: str) -> int:
        for key, value in self._items:
            if key == grade:
                return value
        raise KeyError(grade)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, GradeCounts):
            return self._items == other._items
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"GradeCounts({dict(self._items)!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: object, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        from_dict = core_schema.no_info_after_validator_function(
            cls, core_schema.dict_schema(core_schema.str_schema(), core_schema.int_schema()))
        return core_schema.json_or_python_schema(
            json_schema=from_dict,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_dict]),
            # model_dump() gives a plain dict, which validates back into a record.
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty or blank")
    return text


def _iso3(code: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"ISO3 code must be three capital letters, not {code!r}")
    return code


Text = Annotated[str, AfterValidator(_not_blank)]
Iso3 = Annotated[str, AfterValidator(_iso3)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    def __str__(self) -> str:
        return repr(self)


class NationalityStaff(_Frozen):
    """The staff of one nationality in one category, with its grade counts.

    Validation checks that the grade counts add up to ``total``, that
    ``female + male == total`` and that the grades are those of the category.
    Records are frozen and hashable; ``model_dump()`` gives a plain dict that
    validates back into an equal record.

    Parameters
    ----------
    **fields
        One keyword per column of the ``staff_by_nationality`` dataset but
        ``annex`` (see its page for their meaning), and ``grades``: a
        mapping of every grade of the category (in the annex's order) to its
        staff, served back as a read-only mapping.

    Raises
    ------
    pydantic.ValidationError
        If a field is missing, unknown or of the wrong type, or the counts do
        not add up as above.

    Examples
    --------
    Kenya's row of Annex III:

    >>> import iom_annual
    >>> rec = iom_annual.nationality_staff("Kenya", "professional")
    >>> rec.total, rec.female, rec.male, rec.grades["P-3"]
    (115, 42, 73, 35)
    >>> rec
    NationalityStaff('Kenya', KEN, professional: 115 staff, 42 women, 73 men)
    """

    nationality: Text = Field(description="Country of nationality as printed in the annex.")
    iso3: Iso3 | None = Field(description="ISO 3166-1 alpha-3 code; None for 'Other'.")
    member_state: bool = Field(description="Printed in the Member States block.")
    category: Category
    # A dict goes in; a read-only GradeCounts comes out (the metadata's schema).
    grades: Annotated[Mapping[str, int], GradeCounts] = Field(
        description="Staff per grade, every grade of the category.")
    total: int = Field(ge=0)
    female: int = Field(ge=0)
    male: int = Field(ge=0)

    @model_validator(mode="after")
    def _adds_up(self) -> NationalityStaff:
        expected = grade_lists()[self.category]
        if tuple(self.grades) != expected:
            raise ValueError(f"grades must be exactly {expected} in that order")
        if any(v < 0 for v in self.grades.values()):
            raise ValueError("grade counts cannot be negative")
        if sum(self.grades.values()) != self.total:
            raise ValueError(f"grades sum to {sum(self.grades.values())}, not total {self.total}")
        if self.female + self.male != self.total:
            raise ValueError(f"female {self.female} + male {self.male} != total {self.total}")
        return self

    @property
    def female_share(self) -> float | None:
        """Share of women (0 to 1), or None when there are no staff."""
        return self.female / self.total if self.total else None

    def __repr__(self) -> str:
        return (f"NationalityStaff({shorten(self.nationality, 60)!r}, {self.iso3 or '-'}, {self.category}: "
                f"{number(self.total)} staff, {number(self.female)} women, {number(self.male)} men)")

    def _repr_html_(self) -> str:
        record = html_record(f"{self.nationality}: {self.category.replace('_', ' ')} staff", [
            ("ISO3", self.iso3), ("Member State", "yes" if self.member_state else "no"),
            ("total", number(self.total)), ("women", number(self.female)), ("men", number(self.male))])
        return record + html_table(list(self.grades), [list(self.grades.values())], caption="Staff per grade")


@once
def _printed_years() -> tuple[str | int, ...]:
    """The years Annex I, Table 4 prints, as the registry lists them."""
    return dataset("staff_headcount").column("year").allowed_values or ()


def _printed_year(year: int) -> int:
    printed = _printed_years()
    if year not in printed:
        raise ValueError(f"Annex I, Table 4 prints the years {', '.join(map(str, printed))}, not {year}")
    return year


class HeadcountYear(_Frozen):
    """One year of Annex I, Table 4, validated so that the categories add up.

    Parameters
    ----------
    **fields
        One keyword per column of the ``staff_headcount`` dataset (see its
        page for their meaning); ``year`` must be one the table prints.

    Raises
    ------
    pydantic.ValidationError
        If a field is missing, unknown or of the wrong type, the year is not
        printed in the table, or Professional + General Service is not the
        total.

    Examples
    --------
    The last column of Annex I, Table 4:

    >>> import iom_annual
    >>> year = iom_annual.headcount_records()[-1]
    >>> year
    HeadcountYear(2021: 17,761 staff, 2,356 Professional (13%), 15,405 General Service)
    >>> changed = {**year.model_dump(), "total": 17000}
    >>> iom_annual.HeadcountYear(**changed)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for HeadcountYear
    ...
    """

    year: Annotated[int, AfterValidator(_printed_year)]
    international_professional: int = Field(ge=0)
    general_service: int = Field(ge=0)
    total: int = Field(ge=0)
    professional_percent: int = Field(ge=0, le=100, description="As printed, whole per cent.")

    @model_validator(mode="after")
    def _adds_up(self) -> HeadcountYear:
        if self.international_professional + self.general_service != self.total:
            raise ValueError("international_professional + general_service != total")
        return self

    def __repr__(self) -> str:
        return (f"HeadcountYear({self.year}: {number(self.total)} staff, "
                f"{number(self.international_professional)} Professional ({self.professional_percent}%), "
                f"{number(self.general_service)} General Service)")

    def _repr_html_(self) -> str:
        return html_record(f"Staff at the end of {self.year} (Annex I, Table 4)", [
            ("international Professional", number(self.international_professional)),
            ("General Service", number(self.general_service)), ("total", number(self.total)),
            ("Professional share (printed)", f"{self.professional_percent}%")])


class Discrepancy(_Frozen):
    """A place where the report disagrees with itself.

    Parameters
    ----------
    **fields
        One keyword per column of the ``discrepancies`` dataset (see its
        page for their meaning); only ``explanation`` may be omitted.

    Raises
    ------
    pydantic.ValidationError
        If a field is missing, unknown, blank or of the wrong type, or
        ``kind`` is not one of the dataset's kinds.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.discrepancy_records()[0]  # doctest: +ELLIPSIS
    Discrepancy('annex3_total_vs_table1', coverage: ...)
    """

    id: Text
    kind: Literal["contradiction", "coverage", "rounding", "misprint", "naming"]
    what: Text
    where_a: Text
    value_a: Text
    where_b: Text
    value_b: Text
    explanation: str | None = None

    def __repr__(self) -> str:
        values = f"{shorten(self.value_a, 30)} ({shorten(self.where_a, 30)}) against " \
                 f"{shorten(self.value_b, 30)} ({shorten(self.where_b, 30)})"
        return f"Discrepancy({self.id!r}, {self.kind}: {values})"

    def _repr_html_(self) -> str:
        return html_record(f"Discrepancy {self.id} ({self.kind})", [
            ("what", self.what), (self.where_a, self.value_a), (self.where_b, self.value_b),
            ("explanation", self.explanation)])
