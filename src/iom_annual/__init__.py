"""IOM Annual Report 2021 as typed, cited data.

Every dataset is bundled with the package and read on first use; importing
``iom_annual`` reads no file and imports neither polars nor pydantic.

Examples
--------
>>> import iom_annual
>>> iom_annual.staff_by_nationality("professional", "Kenya")["total"].item()
115
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iom_annual import metrics
from iom_annual._errors import (
    InvalidArgumentError,
    IomAnnualError,
    UnknownCategoryError,
    UnknownDatasetError,
    UnknownGradeError,
    UnknownNationalityError,
)
from iom_annual._export import FORMATS, ExportFormat, UnknownFormatError, export
from iom_annual._loader import load
from iom_annual._registry import Column, Dataset, Edition, dataset, datasets, edition
from iom_annual._staff import (
    CATEGORIES,
    Category,
    discrepancies,
    discrepancy_records,
    grades,
    headcount_records,
    nationalities,
    nationalities_represented,
    nationality_staff,
    professional_staff_by_sex,
    professional_women_by_grade,
    senior_staff_by_sex,
    staff_by_grade,
    staff_by_nationality,
    staff_headcount,
)

if TYPE_CHECKING:
    from iom_annual._models import Discrepancy, HeadcountYear, NationalityStaff

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "Category",
    "Column",
    "Dataset",
    "Discrepancy",
    "Edition",
    "ExportFormat",
    "FORMATS",
    "HeadcountYear",
    "InvalidArgumentError",
    "IomAnnualError",
    "NationalityStaff",
    "UnknownCategoryError",
    "UnknownDatasetError",
    "UnknownFormatError",
    "UnknownGradeError",
    "UnknownNationalityError",
    "__version__",
    "dataset",
    "datasets",
    "discrepancies",
    "discrepancy_records",
    "edition",
    "export",
    "grades",
    "headcount_records",
    "load",
    "metrics",
    "nationalities",
    "nationalities_represented",
    "nationality_staff",
    "professional_staff_by_sex",
    "professional_women_by_grade",
    "senior_staff_by_sex",
    "staff_by_grade",
    "staff_by_nationality",
    "staff_headcount",
]

_MODELS = ("Discrepancy", "HeadcountYear", "NationalityStaff")


def __getattr__(name: str) -> object:
    # The model classes need pydantic; import it only when one is asked for.
    # Type checkers see them through the TYPE_CHECKING import above.
    if name in _MODELS:
        from iom_annual import _models

        return getattr(_models, name)
    raise AttributeError(f"module 'iom_annual' has no attribute {name!r}")
