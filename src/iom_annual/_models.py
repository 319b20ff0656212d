"""Typed, frozen records of the staff tables, validated on construction.

This module imports pydantic, so the package imports it only when a caller
asks for records.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iom_annual._registry import grade_lists

__all__ = [
    "Category",
    "Discrepancy",
    "HeadcountYear",
    "NationalityStaff",
]

Category = Literal["general_service", "professional"]



class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class NationalityStaff(_Frozen):
    """The staff of one nationality in one category, with its grade counts.

    Validation checks that the grade counts add up to ``total``, that
    ``female + male == total`` and that the grades are those of the category.

    Examples
    --------
    >>> import iom_annual
    >>> rec = iom_annual.nationality_staff("Kenya", "professional")
    >>> rec.total, rec.female, rec.male, rec.grades["P-3"]
    (115, 42, 73, 35)
    """

    nationality: str = Field(description="Country of nationality as printed in the annex.")
    iso3: str | None = Field(description="ISO 3166-1 alpha-3 code; None for 'Other'.")
    member_state: bool = Field(description="Printed in the Member States block.")
    category: Category
    grades: dict[str, int] = Field(description="Staff per grade, every grade of the category.")
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


class HeadcountYear(_Frozen):
    """One year of Annex I, Table 4, validated so that the categories add up."""

    year: int
    international_professional: int = Field(ge=0)
    general_service: int = Field(ge=0)
    total: int = Field(ge=0)
    professional_percent: int = Field(ge=0, le=100, description="As printed, whole per cent.")

    @model_validator(mode="after")
    def _adds_up(self) -> HeadcountYear:
        if self.international_professional + self.general_service != self.total:
            raise ValueError("international_professional + general_service != total")
        return self


class Discrepancy(_Frozen):
    """A place where the report disagrees with itself."""

    id: str
    kind: Literal["contradiction", "coverage", "rounding", "misprint", "naming"]
    what: str
    where_a: str
    value_a: str
    where_b: str
    value_b: str
    explanation: str | None = None
