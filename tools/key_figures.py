"""Assemble the narrative figures curated in ``tools/curated`` into bundled data.

The figures are curated by hand (one CSV per part of the report, see
``tools/curated/README.md``); this module merges them in reading order, adds
each theme's namespace from the registry, and writes the type stub
``iom_annual/_figures/types.pyi`` whose classes give every theme and metric a
type-checked attribute (the run time serves them from the frame).  The
test suite checks every curated value against the source text.
"""

from __future__ import annotations

import csv
import keyword
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from iom_annual._figures.figure import (
    PARTS,
    Figure,
    FigureNamespace,
    ThemeFigures,
    figure_note,
    theme_class_name,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

Row = dict[str, Any]

FIGURE_COLUMNS = ("id", "theme", "metric", "value", "unit", "qualifier", "as_printed", "location",
                  "paragraph", "box", "year", "section", "description", "group", "group_role",
                  "linked_to", "countries")
CHART_COLUMNS = ("title_as_printed", "location", "paragraph", "box", "theme", "description")


class CurationError(ValueError):
    """A curated file breaks a rule the bundled data depend on."""


def _read(paths: Sequence[Path], columns: Sequence[str]) -> list[Row]:
    rows: list[Row] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != tuple(columns):
                raise CurationError(f"{path.name}: header must be {','.join(columns)}")
            rows.extend(reader)
    return rows


def _attribute_name(name: str, holder: type) -> bool:
    """Whether ``name`` can be a figure's (or theme's) attribute without shadowing one of ``holder``."""
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_") and (
        name not in dir(holder))


def _as_figure(row: Mapping[str, Any]) -> Figure:
    """The row as the library will serve it: a row it would refuse fails the build."""
    try:
        return Figure.model_validate({k: v for k, v in row.items() if k in Figure._fields})
    except ValidationError as exc:
        raise CurationError(f"{row.get('id')}: not a valid Figure: {exc}") from None


def _int(text: str) -> int | None:
    return int(text) if text else None


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _position(row: Mapping[str, Any], order: Mapping[tuple[str, int | None], int]) -> int:
    key = (row["location"], row["paragraph"] if row["location"] == "paragraph" else row["box"])
    if row["location"] == "foreword":
        key = ("foreword", None)
    if key not in order:
        raise CurationError(f"{row.get('id', row.get('title_as_printed'))}: no {key[0]} {key[1]}")
    return order[key]


def figures(folder: Path, namespaces: Mapping[str, str],
            order: Mapping[tuple[str, int | None], int]) -> list[Row]:
    """The key_figures rows, in reading order of the report."""
    raw = _read(sorted(folder.glob("key_figures_*.csv")), FIGURE_COLUMNS)
    rows: list[Row] = []
    for r in raw:
        if r["theme"] not in namespaces:
            raise CurationError(f"{r['id']}: theme {r['theme']!r} is not in the registry")
        metric = r["metric"]
        if not _attribute_name(metric, ThemeFigures) or not _attribute_name(r["theme"], FigureNamespace):
            raise CurationError(f"{r['id']}: {r['id']!r} cannot be spelt as attributes")
        rows.append({
            **r,
            "namespace": namespaces[r["theme"]],
            "value": _number(r["value"]),
            "paragraph": _int(r["paragraph"]),
            "box": _int(r["box"]),
            "year": int(r["year"]),
            **{k: r[k] or None for k in ("group", "group_role", "linked_to", "countries")},
        })
    ids = [r["id"] for r in rows]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise CurationError(f"duplicate ids: {duplicated}")
    missing = sorted({r["linked_to"] for r in rows if r["linked_to"]} - set(ids))
    if missing:
        raise CurationError(f"linked_to names unknown ids: {missing}")
    return sorted(rows, key=lambda r: _position(r, order))


def charts(folder: Path, order: Mapping[tuple[str, int | None], int]) -> list[Row]:
    """The chart titles whose data the text lost, in reading order."""
    rows = [
        {**r, "paragraph": _int(r["paragraph"]), "box": _int(r["box"]), "data_available": False}
        for r in _read(sorted(folder.glob("charts_*.csv")), CHART_COLUMNS)
    ]
    return sorted(rows, key=lambda r: _position(r, order))


def _doc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', "'''")


def themes_stub(rows: Sequence[Row], themes: Sequence[Mapping[str, str]], datasets: Sequence[str]) -> str:
    """Source of ``iom_annual/_figures/types.pyi``: the types of the figures and datasets, for type checkers.

    One class per theme with a read-only property per metric (its docstring is
    the figure's description), the two namespaces, ``FigureId``, the
    ``Literal`` of every figure id, and ``DatasetName``, the ``Literal`` of
    every dataset name of the registry.  Every row is validated as a
    :class:`~iom_annual.Figure` on the way, so a row the library would refuse
    fails the build.
    """
    by_theme: dict[str, list[Figure]] = {}
    for r in rows:
        fig = _as_figure(r)
        by_theme.setdefault(fig.theme, []).append(fig)
    out = [
        '"""Types of the narrative figures: one class per theme, for type checkers and IDEs.',
        "",
        "Generated by tools/build_data.py from data/datasets.json and the curated",
        "figures; do not edit.  No module stands behind this stub: at run time",
        "``_figures/access.py`` serves the same names from the ``key_figures`` frame, and",
        "``_data/registry.py`` serves ``DatasetName`` from the registry.",
        '"""',
        "",
        "from typing import Literal, TypeAlias",
        "",
        "from iom_annual._figures.figure import Figure, FigureNamespace, ThemeFigures",
        "",
        "FigureId: TypeAlias = Literal[",
        *(f'    "{f.id}",' for figs in by_theme.values() for f in figs),
        "]",
        '"""The id of every figure of ``key_figures``, ``"theme.metric"``."""',
        "",
        "DatasetName: TypeAlias = Literal[",
        *(f'    "{name}",' for name in datasets),
        "]",
        '"""The name of every bundled dataset (``iom_annual.datasets()``)."""',
        "",
    ]
    used = [t for t in themes if t["name"] in by_theme]
    for theme in used:
        out += ["", f"class {theme_class_name(theme['name'])}(ThemeFigures):",
                f'    """{_doc(theme["title"])}: {_doc(theme["description"])}"""']
        for f in by_theme[theme["name"]]:
            out += ["", "    @property", f"    def {f.metric}(self) -> Figure:",
                    f'        """{_doc(figure_note(f))}"""']
        out.append("")
    for namespace, title in PARTS.items():
        out += ["", f"class {namespace.capitalize()}(FigureNamespace):",
                f'    """The figures of the part "{title}", by theme."""']
        for theme in used:
            if theme["namespace"] == namespace:
                name = theme["name"]
                out += ["", "    @property", f"    def {name}(self) -> {theme_class_name(name)}:",
                        f'        """{_doc(theme["title"])}."""']
        out.append("")
    return "\n".join(out)
