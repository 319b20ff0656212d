"""Type-checked, not run by pytest: exercises the public API under mypy --strict.

A broken or loosened annotation in the package makes ``mypy`` fail on this
file, in CI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import iom_annual
from iom_annual import metrics

if TYPE_CHECKING:
    import polars as pl


def frames() -> list[pl.DataFrame]:
    return [
        iom_annual.staff_by_nationality("professional", "KEN"),
        iom_annual.staff_by_grade(grade="P-4"),
        iom_annual.load("staff_headcount"),
        iom_annual.discrepancies(),
        metrics.women_share_by_grade(),
        metrics.headcount_change(),
    ]


def records() -> int:
    models: list[iom_annual.NationalityStaff] = iom_annual.staff_by_nationality(as_models=True)
    kenya: iom_annual.NationalityStaff = iom_annual.nationality_staff("Kenya", "professional")
    years: list[iom_annual.HeadcountYear] = iom_annual.headcount_records()
    share: float | None = kenya.female_share
    del share
    return len(models) + kenya.grades["P-3"] + years[-1].total


def metadata() -> str:
    meta: iom_annual.Dataset = iom_annual.dataset("staff_by_grade")
    column: iom_annual.Column = meta.column("grade")
    allowed: tuple[str | int, ...] | None = column.allowed_values
    del allowed
    return meta.citation + iom_annual.edition().symbol


def errors() -> tuple[str, ...]:
    try:
        iom_annual.load("nope")  # type: ignore[arg-type]  # a misspelt name: a type error, and at run time…
    except iom_annual.UnknownDatasetError as exc:
        return exc.suggestions
    try:
        iom_annual.dataset("nope")  # type: ignore[arg-type]  # dataset() takes a DatasetName too
    except iom_annual.UnknownDatasetError as exc:
        return exc.suggestions
    return ()


def figures() -> float:
    wash: float = iom_annual.operations.wash.people_supported.value
    fig: iom_annual.Figure = iom_annual.figure("cccm.people_reached")
    fid: iom_annual.FigureId = "dtm.people_tracked"
    tracked: iom_annual.Figure = iom_annual.figure(fid)
    theme: list[iom_annual.Theme] = iom_annual.themes("operations")
    frame: pl.DataFrame = iom_annual.key_figures("wash")
    every: tuple[iom_annual.Figure, ...] = iom_annual.institution.finance.figures()
    top = iom_annual.operations.resettlement.top_resettlement_destination_countries
    countries: tuple[str, ...] = top.countries
    html: str = iom_annual.operations._repr_html_() + fig._repr_html_()
    dumped: dict[str, object] = fig.model_dump()
    again: iom_annual.Figure = iom_annual.Figure.model_validate(dumped)
    phrase: str = iom_annual.value_phrase(again.value, again.unit, again.qualifier)
    del theme, frame, countries, html, phrase
    return wash + fig.value + tracked.value + len(every)


def export() -> bytes | None:
    return iom_annual.export("staff_headcount", "parquet")


def vocabulary() -> str:
    """The package's Literal types in signatures: a misspelt choice is a type error.

    Each ``type: ignore`` below must be needed: mypy --strict warns about an
    unused one, so loosening a signature to ``str`` fails CI.
    """
    category: iom_annual.Category = iom_annual.CATEGORIES[0]
    style: iom_annual.CitationFormat = iom_annual.CITATION_FORMATS[0]
    iom_annual.cite("bibtx")  # type: ignore[arg-type]
    iom_annual.staff_by_nationality("profesional")  # type: ignore[call-overload]
    iom_annual.staff_by_grade("general")  # type: ignore[arg-type]
    iom_annual.nationality_staff("Kenya", "P")  # type: ignore[arg-type]
    iom_annual.as_published("gs")  # type: ignore[arg-type]
    metrics.women_share_by_nationality("pro")  # type: ignore[arg-type]
    rec = iom_annual.nationality_staff("Kenya", category)
    rec.grades["P-3"] = 1  # type: ignore[index]
    return iom_annual.cite(style) + iom_annual.dataset("staff_by_grade").column("grade").name


def export_overloads(path: str) -> bytes:
    # Without a path export() returns bytes, with one None; the format is a Literal.
    written: None = iom_annual.export("staff_headcount", "csv", path, overwrite=True)
    assert written is None
    fmt: iom_annual.ExportFormat = "json"
    return iom_annual.export("staff_headcount", fmt, hxl=False)


def country() -> float:
    kenya: iom_annual.CountryProfile = iom_annual.country("Kenya")
    by_m49: iom_annual.CountryProfile = iom_annual.country(404)
    rank: int | None = kenya.rank("professional")
    share: float | None = by_m49.share()
    frames: list[pl.DataFrame] = [kenya.staff, kenya.standing, kenya.figures, iom_annual.countries()]
    aliases: tuple[str, ...] = kenya.aliases
    del frames, aliases
    return (rank or 0) + (share or 0.0)
