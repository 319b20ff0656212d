"""IOM Annual Report 2021 as typed, cited data.

Every dataset is bundled with the package and read on first use; importing
``iom_annual`` reads no file and imports neither polars nor pydantic.

Where to start: ``datasets()`` lists the datasets and ``load(name)`` reads
any of them; the staff annexes have their own functions with filters
(``staff_by_nationality``, ``staff_by_grade``, ...); the figures of the
report's text are ``key_figures()``, ``figure(id)`` and the attributes of
``operations`` and ``institution``; ``metrics`` derives shares from the
annexes; ``cite()`` gives the citations.

Examples
--------
Kenya's row of Annex III counts 115 Professional staff:

>>> import iom_annual
>>> iom_annual.staff_by_nationality("professional", "Kenya")["total"].item()
115
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the idiom)
if TYPE_CHECKING:
    from iom_annual import metrics
    from iom_annual._catalog import catalog, columns
    from iom_annual._cite import CITATION_FORMATS, CitationFormat, cite
    from iom_annual._corroboration import corroboration
    from iom_annual._country import CountryProfile, countries, country
    from iom_annual._display import value_phrase
    from iom_annual._errors import (
        DataIntegrityError,
        IncompatibleOptionsError,
        InvalidArgumentError,
        InvalidSearchError,
        IomAnnualError,
        MissingDependencyError,
        OutputExistsError,
        UnknownCategoryError,
        UnknownColumnError,
        UnknownCountryError,
        UnknownDatasetError,
        UnknownFormatError,
        UnknownGradeError,
        UnknownKindError,
        UnknownMetricError,
        UnknownNationalityError,
        UnknownQualifierError,
        UnknownThemeError,
    )
    from iom_annual._export import FORMATS, ExportFormat, export, to_arrow, to_pandas
    from iom_annual._figures import Figure, FigureId, figure
    from iom_annual._key_figures import charts, key_figures
    from iom_annual._loader import load
    from iom_annual._models import Discrepancy, HeadcountYear, NationalityStaff
    from iom_annual._registry import (
        Column,
        Dataset,
        DatasetList,
        DatasetName,
        Edition,
        Theme,
        dataset,
        datasets,
        edition,
        themes,
    )
    from iom_annual._search import KINDS, Kind, search
    from iom_annual._staff import (
        CATEGORIES,
        Category,
        as_published,
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
    from iom_annual._themes import Institution, Operations
    from iom_annual._verify import Check, VerifyReport, verify

    operations: Operations
    """Figures of the part "IOM operations and activities", by theme."""
    institution: Institution
    """Figures of the part "Institutional development and organizational effectiveness"."""

__all__ = [
    "CATEGORIES",
    "CITATION_FORMATS",
    "Category",
    "Check",
    "CitationFormat",
    "Column",
    "CountryProfile",
    "DataIntegrityError",
    "Dataset",
    "DatasetList",
    "DatasetName",
    "Discrepancy",
    "Edition",
    "ExportFormat",
    "FORMATS",
    "Figure",
    "FigureId",
    "HeadcountYear",
    "IncompatibleOptionsError",
    "InvalidArgumentError",
    "InvalidSearchError",
    "IomAnnualError",
    "KINDS",
    "Kind",
    "MissingDependencyError",
    "NationalityStaff",
    "OutputExistsError",
    "Theme",
    "UnknownCategoryError",
    "UnknownColumnError",
    "UnknownCountryError",
    "UnknownDatasetError",
    "UnknownFormatError",
    "UnknownGradeError",
    "UnknownKindError",
    "UnknownMetricError",
    "UnknownNationalityError",
    "UnknownQualifierError",
    "UnknownThemeError",
    "VerifyReport",
    "__version__",
    "as_published",
    "catalog",
    "charts",
    "cite",
    "columns",
    "corroboration",
    "countries",
    "country",
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
    "search",
    "senior_staff_by_sex",
    "staff_by_grade",
    "staff_by_nationality",
    "staff_headcount",
    "themes",
    "to_arrow",
    "to_pandas",
    "value_phrase",
    "verify",
]

# Where each public name lives: imported from there on first access (PEP 562),
# so that ``import iom_annual`` imports nothing at all (not even typing), and
# polars and pydantic only load when a function that needs them is called.
# The same names are written in the TYPE_CHECKING imports and in ``__all__``
# (type checkers need both spelt out); tests/test_names.py parses this file
# and requires the three to agree.
_HOME: dict[str, str] = {
    name: module
    for module, names in {
        "_catalog": ("catalog", "columns"),
        "_cite": ("CITATION_FORMATS", "CitationFormat", "cite"),
        "_corroboration": ("corroboration",),
        "_country": ("CountryProfile", "countries", "country"),
        "_display": ("value_phrase",),
        "_errors": ("DataIntegrityError", "IncompatibleOptionsError", "InvalidArgumentError",
                    "InvalidSearchError", "IomAnnualError", "MissingDependencyError", "OutputExistsError",
                    "UnknownCategoryError", "UnknownColumnError", "UnknownCountryError",
                    "UnknownDatasetError", "UnknownFormatError", "UnknownGradeError", "UnknownKindError",
                    "UnknownMetricError", "UnknownNationalityError", "UnknownQualifierError",
                    "UnknownThemeError"),
        "_export": ("FORMATS", "ExportFormat", "export", "to_arrow", "to_pandas"),
        "_figures": ("Figure", "FigureId", "figure"),
        "_key_figures": ("charts", "key_figures"),
        "_loader": ("load",),
        "_models": ("Discrepancy", "HeadcountYear", "NationalityStaff"),
        "_registry": ("Column", "Dataset", "DatasetList", "DatasetName", "Edition", "Theme", "dataset",
                      "datasets", "edition", "themes"),
        "_search": ("KINDS", "Kind", "search"),
        "_staff": ("CATEGORIES", "Category", "as_published", "discrepancies", "discrepancy_records",
                   "grades", "headcount_records", "nationalities", "nationalities_represented",
                   "nationality_staff", "professional_staff_by_sex", "professional_women_by_grade",
                   "senior_staff_by_sex", "staff_by_grade", "staff_by_nationality", "staff_headcount"),
        "_verify": ("Check", "VerifyReport", "verify"),
        "metrics": ("metrics",),
    }.items()
    for name in names
}


def __getattr__(name: str) -> object:
    if name in ("operations", "institution"):
        from iom_annual import _figures

        return _figures.operations() if name == "operations" else _figures.institution()
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'iom_annual' has no attribute {name!r}")
    from importlib import import_module

    found = import_module(f"iom_annual.{module}")
    value = found if module == name else getattr(found, name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    # The public API only: not ``TYPE_CHECKING``, ``annotations`` or ``_HOME``.
    return sorted(__all__)
