"""The metadata registry: one record per bundled dataset.

``data/datasets.json`` is the only place a dataset's schema is written down;
the loaders, the command-line listing, the tests and the documentation all
read it through this module.  It needs nothing beyond the standard library,
so listing datasets never imports a DataFrame library.
"""

from __future__ import annotations

import json
import os

from iom_annual._core.cache import once
from iom_annual._core.records import Record

# The display helpers and the errors are imported where they are used, not
# here: the command line's ``list`` and ``describe`` read this module and
# start faster without them.

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~9 ms at start-up)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Literal, TypeVar

    # For type checkers only, so not in ``__all__`` (a star import would fail).
    ColumnType = Literal["string", "integer", "number", "boolean", "list"]
    Namespace = Literal["operations", "institution"]
    # The arguments of each record, as parsed once and kept private.
    EditionArgs = tuple[str, str, str, int, int, str, str]
    ColumnArgs = tuple[str, ColumnType, str, str | None, tuple[str | int, ...] | None, bool, str | None]
    DatasetArgs = tuple[str, str, str, str, str, tuple[str, ...]]
    ThemeArgs = tuple[str, Namespace, str, str]
    _T = TypeVar("_T")

    from iom_annual._figures.types import DatasetName

__all__ = [
    "Column",
    "Dataset",
    "DatasetList",
    "DatasetName",
    "Edition",
    "FileRecord",
    "Theme",
    "annexes",
    "data_file",
    "dataset",
    "dataset_names",
    "find_dataset",
    "datasets",
    "edition",
    "expand",
    "from_outside",
    "grade_groups",
    "grade_lists",
    "grades_and_above",
    "manifest",
    "theme_names",
    "themes",
]

# How a CSV cell holds the items of a ``list`` column (the only place it is written).
LIST_DELIMITER = "; "

# Every object this module hands out is built afresh from private tuples on
# each call, and cannot be changed (see ``_core/records.py``).


class Edition(Record):
    """The report a dataset comes from.

    An immutable record (a tuple of its fields, compared and hashed by value);
    get it from :func:`iom_annual.edition` or :attr:`Dataset.edition`.

    Attributes
    ----------
    title, publisher, symbol : str
        The report's title, its publisher and its Council document symbol.
    year : int
        The year the report is about.
    published : int
        The year it went to the Council.
    source_file : str
        The text file of the report the data were built from.
    source_sha256 : str
        That file's SHA-256.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.edition()
    Edition('Annual Report for 2021', C/113/INF/1/Rev.1, on 2021, published 2022)
    """

    __slots__ = ()

    title: str
    publisher: str
    symbol: str
    year: int
    published: int
    source_file: str
    source_sha256: str

    def __repr__(self) -> str:
        from iom_annual._core.display import shorten

        return (f"Edition({shorten(self.title, 60)!r}, {self.symbol}, on {self.year}, "
                f"published {self.published})")

    def _repr_html_(self) -> str:
        from iom_annual._core.display import html_record

        return html_record(f"{self.publisher}, {self.title}", [
            ("symbol", self.symbol), ("reports on", self.year), ("published", self.published),
            ("source file", self.source_file), ("source SHA-256", self.source_sha256)])


class Column(Record):
    """One column of a dataset: its declared type, unit, meaning and HXL hashtag.

    An immutable record (a tuple of its fields, compared and hashed by value);
    get it from :attr:`Dataset.columns` or :meth:`Dataset.column`.

    Attributes
    ----------
    name : str
        The column's name in the file's header.
    type : {"string", "integer", "number", "boolean", "list"}
        Its declared type.  A ``list`` column holds a list of strings: a
        ``List(String)`` in a frame (empty, never null, when there is none),
        its items joined by ``"; "`` in the CSV file.
    description : str
        What it holds, in plain words.
    unit : str or None
        The unit of a count or amount ("staff", "percent").
    allowed_values : tuple of str or int, or None
        Every value the column may hold, when the registry fixes them.
    required : bool
        Whether every row has a value.
    hxl : str or None
        Its `HXL <https://hxlstandard.org>`_ hashtag.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.dataset("staff_by_grade").column("staff")  # doctest: +ELLIPSIS
    Column('staff', integer, unit 'staff': ...)
    """

    __slots__ = ()

    name: str
    type: ColumnType
    description: str
    unit: str | None = None
    allowed_values: tuple[str | int, ...] | None = None
    required: bool = True
    hxl: str | None = None

    def __repr__(self) -> str:
        from iom_annual._core.display import shorten

        unit = f", unit {self.unit!r}" if self.unit else ""
        return f"Column({self.name!r}, {self.type}{unit}: {shorten(self.description, 120)})"

    def _repr_html_(self) -> str:
        from iom_annual._core.display import html_record, shorten

        allowed = None if self.allowed_values is None else shorten(
            ", ".join(str(v) for v in self.allowed_values), 200)
        return html_record(f"Column {self.name}", [
            ("type", self.type), ("unit", self.unit), ("required", self.required),
            ("allowed values", allowed), ("HXL", self.hxl), ("description", self.description)])


class Dataset(Record):
    """Metadata of one bundled dataset.

    An immutable record (a tuple of its fields, compared and hashed by value);
    get it from :func:`iom_annual.dataset` or :func:`iom_annual.datasets`.

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

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.dataset("staff_headcount")  # doctest: +ELLIPSIS
    Dataset('staff_headcount', 5 columns, Annex I, Table 4: ...)
    """

    __slots__ = ()

    name: str
    title: str
    description: str
    source: str
    file: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]
    edition: Edition

    def column(self, name: str) -> Column:
        """The column called ``name``.

        Parameters
        ----------
        name : str
            A column name, exactly as in the file's header.

        Returns
        -------
        Column

        Raises
        ------
        UnknownColumnError
            If the dataset has no such column (also a ``KeyError``); the
            message names the columns and the closest matches.

        Examples
        --------
        >>> import iom_annual
        >>> iom_annual.dataset("staff_by_grade").column("grade").type
        'string'
        """
        for column in self.columns:
            if column.name == name:
                return column
        from iom_annual._core.errors import UnknownColumnError

        raise UnknownColumnError(name, [c.name for c in self.columns])

    @property
    def citation(self) -> str:
        """Where the data come from, in the form used to cite UN documents.

        Examples
        --------
        >>> import iom_annual
        >>> iom_annual.dataset("staff_headcount").citation  # doctest: +ELLIPSIS
        'International Organization for Migration, ... (C/113/INF/1/Rev.1), Annex I, Table 4'
        """
        if from_outside(self.source):  # not the report: the outside source is the whole citation
            return self.source
        e = self.edition
        return f"{e.publisher}, {e.title} ({e.symbol}), {self.source}"

    def __repr__(self) -> str:
        from iom_annual._core.display import shorten

        # The source whole: "Annex II (General Service) and Annex III" cut short says the wrong annex.
        return (f"Dataset({self.name!r}, {len(self.columns)} columns, {self.source}: "
                f"{shorten(self.title, 90)})")

    def _repr_html_(self) -> str:
        from iom_annual._core.display import html_record, html_table

        record = html_record(f"Dataset {self.name}", [
            ("title", self.title), ("description", self.description), ("source", self.source),
            ("file", self.file), ("primary key", ", ".join(self.primary_key)),
            ("citation", self.citation)])
        columns = html_table(["column", "type", "unit", "description"],
                             [(c.name, c.type, c.unit, c.description) for c in self.columns])
        return record + columns


class DatasetList(list[Dataset]):
    """The bundled datasets, in registry order: a plain list of :class:`Dataset`
    that displays as a compact table.

    It is the caller's own list (a new one on each call of
    :func:`iom_annual.datasets`): changing it changes nothing for others.

    Parameters
    ----------
    iterable : collections.abc.Iterable of Dataset, optional
        The datasets to hold, as for :class:`list`.

    Examples
    --------
    >>> import iom_annual
    >>> print(repr(iom_annual.datasets()).splitlines()[0])  # doctest: +ELLIPSIS
    <... datasets>
    """

    __slots__ = ()

    def __repr__(self) -> str:
        from iom_annual._core.display import shorten

        rows = _row_counts()
        width = max((len(d.name) for d in self), default=0)
        lines = [f"<{len(self)} datasets>"]
        lines += [f"  {d.name:<{width}}  {rows.get(d.file, 0):>5,} rows  {shorten(d.title, 70)}"
                  for d in self]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from iom_annual._core.display import html_table

        rows = _row_counts()
        return html_table(["name", "title", "rows", "columns", "source"],
                          [(d.name, d.title, rows.get(d.file, 0), len(d.columns), d.source) for d in self],
                          caption=f"{len(self)} datasets")


def _row_counts() -> dict[str, int]:
    """Rows of each bundled file, by file name, as the build counted them (no data file is read)."""
    return {file: record.rows for file, record in manifest().items()}


_DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


def data_file(name: str) -> bytes:
    """The bytes of a file bundled in ``iom_annual/data``, unchecked.

    Parameters
    ----------
    name : str
        The file's name inside ``iom_annual/data``.

    Returns
    -------
    bytes
        The file as installed (see :func:`iom_annual.verify` for a check).

    Raises
    ------
    FileNotFoundError
        If there is no such file.

    Examples
    --------
    >>> from iom_annual._data.registry import data_file
    >>> data_file("staff_headcount.csv").splitlines()[0]
    b'year,international_professional,general_service,total,professional_percent'
    """
    try:
        with open(os.path.join(_DATA_DIR, name), "rb") as file:
            return file.read()
    except FileNotFoundError:
        # Not on a file system (a zip archive, say): ask the import system.
        # importlib.resources costs ~20 ms to import, more than all the rest
        # of the registry, so the common path does without it.
        from importlib import resources

        return (resources.files("iom_annual") / "data" / name).read_bytes()


class Theme(Record):
    """A topic of the report's narrative figures (see :func:`iom_annual.key_figures`).

    An immutable record (a tuple of its fields, compared and hashed by value);
    get it from :func:`iom_annual.themes`.

    Attributes
    ----------
    name : str
        snake_case name, also the attribute of ``iom_annual.operations`` or
        ``iom_annual.institution`` that holds the theme's figures.
    namespace : {"operations", "institution"}
        The part of the report the theme belongs to.
    title, description : str
        What the theme covers, in plain words.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.themes("institution")[0]  # doctest: +ELLIPSIS
    Theme('institution.strategy': ...)
    """

    __slots__ = ()

    name: str
    namespace: Namespace
    title: str
    description: str

    def __repr__(self) -> str:
        from iom_annual._core.display import shorten

        return f"Theme({self.namespace + '.' + self.name!r}: {shorten(self.title, 120)})"

    def _repr_html_(self) -> str:
        from iom_annual._core.display import html_record

        return html_record(f"Theme {self.namespace}.{self.name}", [
            ("title", self.title), ("description", self.description)])


class _Parsed(Record):
    """The registry as read, in tuples and private dicts that never leave this module."""

    __slots__ = ()

    edition: EditionArgs
    datasets: dict[str, tuple[DatasetArgs, tuple[ColumnArgs, ...]]]
    folded: dict[str, str]
    themes: tuple[ThemeArgs, ...]
    categories: dict[str, str]
    grades: dict[str, tuple[str, ...]]
    grade_groups: dict[str, tuple[str, ...]]


# The source of the datasets read outside the report (the CEB's financial statistics).
OUTSIDE_SOURCE = "UN System Chief Executives Board"


def from_outside(source: str) -> bool:
    """Whether a dataset's ``source`` is an outside publisher rather than a place in the report.

    Examples
    --------
    >>> from iom_annual._data.registry import from_outside
    >>> from_outside("Annex I, Table 4"), from_outside("UN System Chief Executives Board (CEB), ...")
    (False, True)
    """
    return source.startswith(OUTSIDE_SOURCE)


def expand(raw: dict[str, Any]) -> dict[str, Any]:
    """Resolve the registry's references in place.

    ``"allowed_values": "grades"`` stands for every grade of the ``grades``
    section (the one list of the annexes' grades), ``"grade_groups"`` for
    the labels of the ``grade_groups`` section (Annex I, Table 2's groups),
    ``"categories"`` for the staff categories of the ``categories`` section
    and ``"annexes"`` for the annexes that print them; the build and the
    package both read the registry through this function.

    Parameters
    ----------
    raw : dict
        ``datasets.json`` as parsed by :func:`json.loads`.

    Returns
    -------
    dict
        ``raw`` itself, its references replaced by the lists they stand for.

    Raises
    ------
    KeyError
        If ``raw`` lacks a section the references need (``categories``,
        ``grades``, ``grade_groups``, ``datasets``) or names an unknown section.

    Examples
    --------
    >>> from iom_annual._data.registry import expand
    >>> raw = {"categories": {"a": "II"}, "grades": {"a": ["P-1", "UG"]},
    ...        "grade_groups": {"Ungraded": ["UG"]},
    ...        "datasets": [{"columns": [{"name": "grade", "allowed_values": "grades"}]}]}
    >>> expand(raw)["datasets"][0]["columns"][0]["allowed_values"]
    ['P-1', 'UG']
    """
    every = list(dict.fromkeys(g for grades in raw["grades"].values() for g in grades))
    references = {"grades": every, "grade_groups": list(raw["grade_groups"]),
                  "categories": list(raw["categories"]), "annexes": list(raw["categories"].values())}
    for entry in raw["datasets"]:
        for column in entry["columns"]:
            allowed = column.get("allowed_values")
            if isinstance(allowed, str):
                column["allowed_values"] = references[allowed]
    return raw


def _parse(raw: dict[str, Any]) -> _Parsed:
    e = raw["edition"]
    hxl: dict[str, str] = raw["hxl"]
    found: dict[str, tuple[DatasetArgs, tuple[ColumnArgs, ...]]] = {}
    for entry in raw["datasets"]:
        columns = tuple(
            (c["name"], c["type"], c["description"], c.get("unit"),
             tuple(c["allowed_values"]) if "allowed_values" in c else None,
             c.get("required", True), c.get("hxl", hxl.get(c["name"])))
            for c in entry["columns"]
        )
        found[entry["name"]] = ((entry["name"], entry["title"], entry["description"], entry["source"],
                                 entry["file"], tuple(entry["primary_key"])), columns)
    return _Parsed(
        edition=(e["title"], e["publisher"], e["symbol"], e["year"], e["published"], e["source_file"],
                 e["source_sha256"]),
        datasets=found,
        folded={name.casefold(): name for name in found},
        themes=tuple((t["name"], t["namespace"], t["title"], t["description"]) for t in raw["themes"]),
        categories=dict(raw["categories"]),
        grades={k: tuple(v) for k, v in raw["grades"].items()},
        grade_groups={k: tuple(v) for k, v in raw["grade_groups"].items()},
    )


def _read(name: str, parse: Callable[[Any], _T]) -> _T:
    """``parse`` of the JSON file ``name``; a missing, damaged or edited file: :class:`DataIntegrityError`.

    Every reader of the metadata comes here, so nothing it holds is served
    before its bytes match the hash the build recorded (``manifest.json``,
    itself pinned in ``pins.py``): an edited ``source`` or row count is
    refused, not printed.
    """
    try:
        raw = data_file(name)
        _check_recorded(name, raw)
        return parse(json.loads(raw))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        from iom_annual._core.errors import DataIntegrityError

        missing = isinstance(exc, FileNotFoundError)
        problem = "is missing" if missing else f"cannot be read ({type(exc).__name__})"
        raise DataIntegrityError(name, problem) from exc


# Non-empty while tools/build_data.py reads the registry of the tree it is about to
# record: its hashes are what that build writes, so they cannot be checked yet.
_BUILDING: list[bool] = []


class building:  # lower case: used as ``with building():``, like a function
    """For the build only: read metadata whose SHA-256 the build has not recorded yet.

    The caches are emptied on the way in and out, so that nothing read
    unchecked is served afterwards.
    """

    def __enter__(self) -> None:
        from iom_annual._core.cache import reset

        reset()
        _BUILDING.append(True)

    def __exit__(self, *exc: object) -> None:
        from iom_annual._core.cache import reset

        _BUILDING.pop()
        reset()


def _check_recorded(name: str, raw: bytes) -> None:
    """Raise :class:`DataIntegrityError` unless ``raw`` has the SHA-256 the build recorded for ``name``."""
    if _BUILDING:
        return
    import hashlib

    from iom_annual._data.pins import MANIFEST_SHA256

    if name == "manifest.json":
        recorded = MANIFEST_SHA256
    else:  # read afresh, not through manifest(): its lock is held while the registry is parsed
        try:
            manifest_raw = data_file("manifest.json")
        except OSError as exc:
            from iom_annual._core.errors import DataIntegrityError

            raise DataIntegrityError("manifest.json", f"cannot be read ({type(exc).__name__})") from None
        _check_recorded("manifest.json", manifest_raw)
        recorded = str(json.loads(manifest_raw)["metadata"][name])
    digest = hashlib.sha256(raw).hexdigest()
    if digest != recorded:
        from iom_annual._core.errors import DataIntegrityError, hash_difference

        raise DataIntegrityError(name, "changed: " + hash_difference(digest, recorded))


@once
def _registry() -> _Parsed:
    return _read("datasets.json", lambda raw: _parse(expand(raw)))


def _dataset(parsed: _Parsed, name: str) -> Dataset:
    (name, title, description, source, file, key), columns = parsed.datasets[name]
    return Dataset._make((name, title, description, source, file, key,
                          tuple(Column._make(c) for c in columns), Edition._make(parsed.edition)))


def datasets() -> DatasetList:
    """Every bundled dataset with its metadata, in registry order.

    Returns
    -------
    DatasetList
        A new list of :class:`Dataset` on each call, shown as a compact table.

    Raises
    ------
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> import iom_annual
    >>> [d.name for d in iom_annual.datasets()][:2]
    ['staff_by_nationality', 'staff_by_grade']
    """
    parsed = _registry()
    return DatasetList(_dataset(parsed, name) for name in parsed.datasets)


def dataset_names() -> tuple[str, ...]:
    """The names of the bundled datasets, in registry order.

    Returns
    -------
    tuple of str
        Every name :func:`iom_annual.load` takes.

    Raises
    ------
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> from iom_annual._data.registry import dataset_names
    >>> dataset_names()[0]
    'staff_by_nationality'
    """
    return tuple(_registry().datasets)


def dataset(name: DatasetName) -> Dataset:
    """The metadata of the dataset called ``name``.

    Parameters
    ----------
    name : DatasetName
        A dataset name (type checkers know the valid ones); at run time in
        any case (``"Staff_Headcount"`` finds ``staff_headcount``), and
        surrounding spaces are ignored.

    Returns
    -------
    Dataset
        A new record on each call.

    Raises
    ------
    UnknownDatasetError
        If there is no such dataset (or ``name`` is not a string); the
        message names the closest matches.
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.dataset("staff_headcount").file
    'staff_headcount.csv'
    """
    return find_dataset(name)


def find_dataset(name: str) -> Dataset:
    """:func:`dataset` for a name that type checkers cannot know (a command-line argument, a file's entry)."""
    parsed = _registry()
    found = parsed.folded.get(name.strip().casefold()) if isinstance(name, str) else None
    if found is None:
        from iom_annual._core.errors import UnknownDatasetError

        raise UnknownDatasetError(name, parsed.datasets)
    return _dataset(parsed, found)


def themes(namespace: str | None = None) -> list[Theme]:
    """The themes of the narrative figures, optionally of one namespace.

    Parameters
    ----------
    namespace : {"operations", "institution"}, optional
        Keep the themes of one part of the report (any case).

    Returns
    -------
    list of Theme
        A new list on each call, in registry order.

    Raises
    ------
    InvalidArgumentError
        If ``namespace`` is neither ``"operations"`` nor ``"institution"``.
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> import iom_annual
    >>> [t.name for t in iom_annual.themes("institution")][:2]
    ['strategy', 'finance']
    """
    parsed = _registry()
    if namespace is not None:
        if not isinstance(namespace, str):  # a polars expression is no namespace (nor a truth value)
            raise TypeError(f"namespace must be a str, not {type(namespace).__name__}")
        if namespace.strip().casefold() not in ("operations", "institution"):
            from iom_annual._core.errors import InvalidArgumentError

            raise InvalidArgumentError(namespace, ("operations", "institution"))
        namespace = namespace.strip().casefold()
    return [Theme._make(t) for t in parsed.themes if namespace is None or t[1] == namespace]


def theme_names() -> tuple[str, ...]:
    """The names of the themes, in registry order, without building a record per theme.

    Returns
    -------
    tuple of str
        The theme names, as :attr:`Theme.name` gives them.

    Raises
    ------
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> from iom_annual._data.registry import theme_names
    >>> "wash" in theme_names()
    True
    """
    return tuple(t[0] for t in _registry().themes)


def annexes() -> dict[str, str]:
    """Each staff category (the registry's ``categories``) to the Roman numeral of its annex.

    A new dict on each call, in the order of the annexes; like every reader
    of the registry, it raises :class:`DataIntegrityError` if
    ``datasets.json`` is missing or damaged.

    >>> from iom_annual._data.registry import annexes
    >>> annexes()
    {'general_service': 'II', 'professional': 'III'}
    """
    return dict(_registry().categories)


def grade_lists() -> dict[str, tuple[str, ...]]:
    """The grades of each staff category, in the column order of its annex.

    Returns
    -------
    dict of str to tuple of str
        A new dict on each call: ``"general_service"`` (Annex II) and
        ``"professional"`` (Annex III), each to its grades.

    Raises
    ------
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> from iom_annual._data.registry import grade_lists
    >>> grade_lists()["professional"][:3]
    ('E-1', 'E-2', 'D-2')
    """
    return dict(_registry().grades)


def grades_and_above(lowest: str) -> tuple[str, ...]:
    """The Professional grades from the most senior down to ``lowest``: the report's "P-4 and above".

    A ``lowest`` that is not a Professional grade is a ``ValueError``.

    >>> from iom_annual._data.registry import grades_and_above
    >>> grades_and_above("P-4")
    ('E-1', 'E-2', 'D-2', 'D-1', 'P-5', 'P-4')
    """
    grades = _registry().grades["professional"]  # senior first, as Annex III prints them
    return grades[: grades.index(lowest) + 1]


def grade_groups() -> dict[str, tuple[str, ...]]:
    """Annex I, Table 2's grade groups, each with the annex grades it covers.

    Returns
    -------
    dict of str to tuple of str
        A new dict on each call: each group label as printed, to its grades.

    Raises
    ------
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> from iom_annual._data.registry import grade_groups
    >>> grade_groups()["Ungraded"], grade_groups()["D-1–D-2"]
    (('UG',), ('D-1', 'D-2'))
    """
    return dict(_registry().grade_groups)


def edition() -> Edition:
    """The edition of the report that every dataset comes from.

    Returns
    -------
    Edition
        A new record on each call.

    Raises
    ------
    DataIntegrityError
        If the bundled ``datasets.json`` is missing or cannot be read.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.edition().symbol
    'C/113/INF/1/Rev.1'
    """
    return Edition._make(_registry().edition)


class FileRecord(Record):
    """What the build recorded about one bundled file (see :func:`manifest`).

    An immutable record (a tuple of its fields, compared and hashed by value).

    Attributes
    ----------
    sha256 : str
        The file's SHA-256, in hex.
    bytes : int
        Its size.
    rows : int
        Its rows of data, the header not counted.

    Examples
    --------
    >>> from iom_annual._data.registry import manifest
    >>> manifest()["staff_headcount.csv"].rows
    7
    """

    __slots__ = ()

    sha256: str
    bytes: int
    rows: int


@once
def _manifest() -> dict[str, tuple[str, int, int]]:
    return _read("manifest.json", lambda raw: {
        file: (info["sha256"], info["bytes"], info["rows"]) for file, info in raw["files"].items()})


def manifest() -> dict[str, FileRecord]:
    """Hash, size and row count of every bundled data file, as the build recorded them.

    Returns
    -------
    dict of str to FileRecord
        A new dict on each call, by file name.

    Raises
    ------
    DataIntegrityError
        If the bundled ``manifest.json`` is missing or cannot be read.

    Examples
    --------
    >>> from iom_annual._data.registry import manifest
    >>> record = manifest()["staff_headcount.csv"]
    >>> record.rows, len(record.sha256)
    (7, 64)
    """
    return {file: FileRecord._make(info) for file, info in _manifest().items()}


def __getattr__(name: str) -> object:
    # ``DatasetName`` at run time: the same Literal as the generated stub's
    # (``_figures/types.pyi``), made from the registry on first use.
    if name == "DatasetName":
        from typing import Literal

        value = Literal[dataset_names()]  # type: ignore[valid-type]
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
