"""The metadata registry: one record per bundled dataset.

``data/datasets.json`` is the only place a dataset's schema is written down;
the loaders, the command-line listing, the tests and the documentation all
read it through this module.  It needs nothing beyond the standard library,
so listing datasets never imports a DataFrame library.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass

from iom_annual._errors import UnknownDatasetError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~9 ms at start-up)
if TYPE_CHECKING:
    from typing import Any, Literal

    ColumnType = Literal["string", "integer", "number", "boolean"]
    Namespace = Literal["operations", "institution"]

__all__ = [
    "Column",
    "ColumnType",
    "Dataset",
    "Edition",
    "FileRecord",
    "Namespace",
    "Theme",
    "data_file",
    "dataset",
    "dataset_names",
    "datasets",
    "edition",
    "expand",
    "grade_lists",
    "manifest",
    "themes",
]


@dataclass(frozen=True)
class Edition:
    """The report a dataset comes from: ``year`` is the year it reports on,
    ``published`` the year it went to the Council."""

    title: str
    publisher: str
    symbol: str
    year: int
    published: int
    source_file: str
    source_sha256: str


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its declared type, unit, meaning and HXL hashtag."""

    name: str
    type: ColumnType
    description: str
    unit: str | None = None
    allowed_values: tuple[str | int, ...] | None = None
    required: bool = True
    hxl: str | None = None


@dataclass(frozen=True)
class Dataset:
    """Metadata of one bundled dataset.

    Attributes
    ----------
    name : str
        The name to pass to :func:`iom_annual.load`.
    title, description : str
        What the dataset holds, in plain words.
    source : str
        Where in the report the numbers are printed (annex, table, paragraph).
    file : str
        The bundled CSV file.
    primary_key : tuple of str
        Columns that identify a row.
    columns : tuple of Column
        The schema, in file order.
    edition : Edition
        The report edition.
    """

    name: str
    title: str
    description: str
    source: str
    file: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]
    edition: Edition

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def citation(self) -> str:
        """Where the data come from, in the form used to cite UN documents."""
        e = self.edition
        return f"{e.publisher}, {e.title} ({e.symbol}), {self.source}"


_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def data_file(name: str) -> bytes:
    """The bytes of a file bundled in ``iom_annual/data``."""
    try:
        with open(os.path.join(_DATA_DIR, name), "rb") as file:
            return file.read()
    except FileNotFoundError:
        # Not on a file system (a zip archive, say): ask the import system.
        # importlib.resources costs ~20 ms to import, more than all the rest
        # of the registry, so the common path does without it.
        from importlib import resources

        return (resources.files("iom_annual") / "data" / name).read_bytes()


@dataclass(frozen=True)
class Theme:
    """A topic of the report's narrative figures (see :func:`iom_annual.key_figures`).

    Attributes
    ----------
    name : str
        snake_case name, also the attribute of ``iom_annual.operations`` or
        ``iom_annual.institution`` that holds the theme's figures.
    namespace : {"operations", "institution"}
        The part of the report the theme belongs to.
    title, description : str
        What the theme covers, in plain words.
    """

    name: str
    namespace: Namespace
    title: str
    description: str


_lock = threading.Lock()
_cache: dict[str, Dataset] = {}
_edition: list[Edition] = []
_themes: dict[str, Theme] = {}
_grades: dict[str, tuple[str, ...]] = {}


def expand(raw: dict[str, Any]) -> dict[str, Any]:
    """Resolve the registry's references in place: ``"allowed_values": "grades"``
    stands for every grade of the ``grades`` section, which is the one list of
    grades (the build and the package both read it through this function)."""
    every = list(dict.fromkeys(g for grades in raw["grades"].values() for g in grades))
    for entry in raw["datasets"]:
        for column in entry["columns"]:
            if column.get("allowed_values") == "grades":
                column["allowed_values"] = every
    return raw


def _load() -> dict[str, Dataset]:
    with _lock:
        if not _cache:
            raw = expand(json.loads(data_file("datasets.json")))
            edition = Edition(**raw["edition"])
            _grades.update({k: tuple(v) for k, v in raw["grades"].items()})
            hxl: dict[str, str] = raw["hxl"]
            for entry in raw["datasets"]:
                columns = tuple(
                    Column(
                        name=c["name"],
                        type=c["type"],
                        description=c["description"],
                        unit=c.get("unit"),
                        allowed_values=tuple(c["allowed_values"]) if "allowed_values" in c else None,
                        required=c.get("required", True),
                        hxl=c.get("hxl", hxl.get(c["name"])),
                    )
                    for c in entry["columns"]
                )
                _cache[entry["name"]] = Dataset(
                    name=entry["name"], title=entry["title"], description=entry["description"],
                    source=entry["source"], file=entry["file"],
                    primary_key=tuple(entry["primary_key"]), columns=columns, edition=edition,
                )
            _edition.append(edition)
            for entry in raw["themes"]:
                _themes[entry["name"]] = Theme(
                    name=entry["name"], namespace=entry["namespace"],
                    title=entry["title"], description=entry["description"])
        return _cache


def datasets() -> list[Dataset]:
    """Every bundled dataset with its metadata, in registry order.

    Examples
    --------
    >>> import iom_annual
    >>> [d.name for d in iom_annual.datasets()][:2]
    ['staff_by_nationality', 'staff_by_grade']
    """
    return list(_load().values())


def dataset_names() -> tuple[str, ...]:
    """The names of the bundled datasets."""
    return tuple(_load())


def dataset(name: str) -> Dataset:
    """The metadata of the dataset called ``name``.

    Raises
    ------
    UnknownDatasetError
        If there is no such dataset; the message names the closest matches.
    """
    found = _load().get(name) if isinstance(name, str) else None
    if found is None:
        raise UnknownDatasetError(name, _load())
    return found


def themes(namespace: str | None = None) -> list[Theme]:
    """The themes of the narrative figures, optionally of one namespace.

    Examples
    --------
    >>> import iom_annual
    >>> [t.name for t in iom_annual.themes("institution")][:2]
    ['strategy', 'finance']
    """
    _load()
    if namespace is not None and namespace not in ("operations", "institution"):
        from iom_annual._errors import InvalidArgumentError

        raise InvalidArgumentError(namespace, ("operations", "institution"))
    return [t for t in _themes.values() if namespace is None or t.namespace == namespace]


def grade_lists() -> dict[str, tuple[str, ...]]:
    """The grades of each staff category, in the column order of its annex."""
    _load()
    return dict(_grades)


def edition() -> Edition:
    """The edition of the report that every dataset comes from."""
    _load()
    return _edition[0]


@dataclass(frozen=True)
class FileRecord:
    """What the build recorded about one bundled file."""

    sha256: str
    bytes: int
    rows: int


_manifest: dict[str, FileRecord] = {}


def manifest() -> dict[str, FileRecord]:
    """Hash, size and row count of every bundled data file, as built."""
    with _lock:
        if not _manifest:
            for file, info in json.loads(data_file("manifest.json"))["files"].items():
                _manifest[file] = FileRecord(**info)
    return dict(_manifest)
