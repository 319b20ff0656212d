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
    UnknownMetricError,
    UnknownNationalityError,
    UnknownThemeError,
)
from iom_annual._export import FORMATS, ExportFormat, UnknownFormatError, export
from iom_annual._key_figures import charts, key_figures
from iom_annual._loader import load
from iom_annual._registry import Column, Dataset, Edition, Theme, dataset, datasets, edition, themes
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
    from iom_annual._figures import Figure, figure
    from iom_annual._models import Discrepancy, HeadcountYear, NationalityStaff
    from iom_annual._themes import Institution, Operations

    operations: Operations
    """Figures of the part "IOM operations and activities", by theme."""
    institution: Institution
    """Figures of the part "Institutional development and organizational effectiveness"."""

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
    "Figure",
    "HeadcountYear",
    "InvalidArgumentError",
    "IomAnnualError",
    "NationalityStaff",
    "Theme",
    "UnknownCategoryError",
    "UnknownDatasetError",
    "UnknownFormatError",
    "UnknownGradeError",
    "UnknownMetricError",
    "UnknownNationalityError",
    "UnknownThemeError",
    "__version__",
    "charts",
    "dataset",
    "datasets",
    "discrepancies",
    "discrepancy_records",
    "edition",
    "export",
    "figure",
    "grades",
    "headcount_records",
    "institution",
    "key_figures",
    "load",
    "metrics",
    "nationalities",
    "nationalities_represented",
    "nationality_staff",
    "operations",
    "professional_staff_by_sex",
    "professional_women_by_grade",
    "senior_staff_by_sex",
    "staff_by_grade",
    "staff_by_nationality",
    "staff_headcount",
    "themes",
]

_MODELS = ("Discrepancy", "HeadcountYear", "NationalityStaff")
_FIGURES = ("Figure", "figure")


def __getattr__(name: str) -> object:
    # These need pydantic (and the figures need their data); load them only
    # when asked for.  Type checkers see them through the TYPE_CHECKING block.
    if name in _MODELS:
        from iom_annual import _models

        return getattr(_models, name)
    if name in _FIGURES:
        from iom_annual import _figures

        return getattr(_figures, name)
    if name in ("operations", "institution"):
        from iom_annual import _figures

        return _figures.operations() if name == "operations" else _figures.institution()
    raise AttributeError(f"module 'iom_annual' has no attribute {name!r}")
