"""Write any dataset to a common format, and hand it to pandas or Arrow.

CSV, JSON and Parquet need nothing beyond polars; Parquet with per-column
metadata, Excel, pandas and Arrow need optional packages, and say which.

Files are never lost: an existing file is replaced only when asked
(``overwrite=True``), and the new content is written to a temporary file
beside the target, flushed to disk and renamed over it in one step, so that a
full disk or a size limit leaves the old file as it was.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args, overload

from iom_annual._errors import (
    IncompatibleOptionsError,
    MissingDependencyError,
    OutputExistsError,
    UnknownFormatError,
)
from iom_annual._errors import quote as _quote
from iom_annual._loader import frame, joined
from iom_annual._registry import dataset

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from iom_annual._themes import DatasetName

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "ExportFormat",
    "IncompatibleOptionsError",
    "MissingDependencyError",
    "OutputExistsError",
    "UnknownFormatError",
    "export",
    "format_for",
    "to_arrow",
    "to_pandas",
]

ExportFormat = Literal["csv", "parquet", "json", "xlsx"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
# File name endings and the format each one means (``format_for``).
SUFFIXES: dict[str, ExportFormat] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet",
                                     ".json": "json", ".xlsx": "xlsx"}
_HXL_FORMATS = ("csv",)  # formats with a row for HXL hashtags


# The package is not on PyPI, so extras such as ``iom-annual[arrow]`` cannot be
# installed by name: the messages name the plain packages.
_INSTALL = {"pyarrow": "pyarrow", "pandas": "pandas pyarrow", "xlsxwriter": "xlsxwriter"}


def _require(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingDependencyError(
            f"this needs the optional package {module!r}: python -m pip install {_INSTALL[module]}")


def format_for(path: str | os.PathLike[str]) -> ExportFormat | None:
    """The export format a file name's ending implies (``None`` for an unknown ending).

    Parameters
    ----------
    path : str or path-like
        A file name; the ending is compared without regard to case.

    Returns
    -------
    {"csv", "parquet", "json", "xlsx"} or None

    Examples
    --------
    >>> from iom_annual._export import format_for
    >>> format_for("staff.PARQUET"), format_for("notes.txt")
    ('parquet', None)
    """
    return SUFFIXES.get(os.path.splitext(os.fspath(path))[1].lower())


def to_arrow(name: DatasetName) -> pa.Table:
    """A dataset as a pyarrow Table; each field carries its description, unit and HXL tag.

    Parameters
    ----------
    name : str
        A dataset name (see :func:`iom_annual.datasets`).

    Returns
    -------
    pyarrow.Table
        The dataset's rows and columns, with the column types of the
        registry.  Each field's metadata holds its ``description``, ``unit``
        and ``hxl`` tag (those it has); the schema's metadata holds the
        dataset's name and citation.

    Raises
    ------
    UnknownDatasetError
        If no dataset is called ``name``; the message names the closest matches.
    MissingDependencyError
        If pyarrow is not installed (``python -m pip install pyarrow``).
    DataIntegrityError
        If the bundled file of the dataset is damaged.

    Examples
    --------
    >>> import iom_annual
    >>> table = iom_annual.to_arrow("staff_headcount")
    >>> table.num_rows, table.schema.field("total").metadata[b"unit"]
    (7, b'staff')
    >>> table.schema.metadata[b"iom_annual.citation"].decode()
    'International Organization for Migration, Annual Report for 2021 (C/113/INF/1/Rev.1), Annex I, Table 4'
    """
    _require("pyarrow")
    import pyarrow as pa

    meta = dataset(name)
    table = frame(name).to_arrow()
    fields = []
    for field in table.schema:
        column = meta.column(field.name)
        info = {"description": column.description, "unit": column.unit or "",
                "hxl": column.hxl or ""}
        fields.append(field.with_metadata({k: v for k, v in info.items() if v}))
    schema = pa.schema(fields, metadata={"iom_annual.dataset": name, "iom_annual.citation": meta.citation})
    return table.cast(schema)


def to_pandas(name: DatasetName) -> pd.DataFrame:
    """A dataset as a pandas DataFrame (a copy: changing it changes nothing here).

    Parameters
    ----------
    name : str
        A dataset name (see :func:`iom_annual.datasets`).

    Returns
    -------
    pandas.DataFrame
        The dataset's rows and columns, the same as :func:`iom_annual.load`
        gives, converted by polars (through Arrow).

    Raises
    ------
    UnknownDatasetError
        If no dataset is called ``name``; the message names the closest matches.
    MissingDependencyError
        If pandas or pyarrow is not installed (``python -m pip install pandas pyarrow``).
    DataIntegrityError
        If the bundled file of the dataset is damaged.

    Examples
    --------
    Annex I, Table 4 in pandas: 17,761 staff at the end of 2021:

    >>> import iom_annual
    >>> df = iom_annual.to_pandas("staff_headcount")
    >>> df.shape, df.loc[df["year"] == 2021, "total"].item()
    ((7, 5), 17761)
    """
    _require("pandas")
    _require("pyarrow")
    return frame(name).to_pandas()


def _hxl_csv(name: str) -> bytes:
    """CSV with the HXL hashtag row under the header, as HXL tools expect."""
    import csv

    meta = dataset(name)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    rows = joined(frame(name)).write_csv().splitlines()
    writer.writerow(next(csv.reader([rows[0]])))
    writer.writerow([c.hxl or "" for c in meta.columns])
    return (buf.getvalue() + "\n".join(rows[1:]) + "\n").encode("utf-8")


@overload
def export(name: DatasetName, format: ExportFormat, path: None = None, *, hxl: bool = False,
           overwrite: bool = False) -> bytes: ...
@overload
def export(name: DatasetName, format: ExportFormat, path: str | Path, *, hxl: bool = False,
           overwrite: bool = False) -> None: ...
def export(name: DatasetName, format: ExportFormat, path: str | Path | None = None, *,
           hxl: bool = False, overwrite: bool = False) -> bytes | None:
    """Write dataset ``name`` as CSV, Parquet, JSON or Excel.

    Parameters
    ----------
    name : str
        A dataset name (see :func:`iom_annual.datasets`).
    format : {"csv", "parquet", "json", "xlsx"}
        JSON is an array of row objects, ending with a newline.  Parquet and
        JSON keep a list column (``key_figures.iso3``) as a list; CSV and
        Excel, which cannot hold one, write it "; "-joined, as the bundled
        file does.  Parquet
        records each column's description, unit and HXL tag in the Arrow
        field metadata when pyarrow is installed, and the dataset's citation
        in the file metadata always.  Excel needs ``python -m pip install
        xlsxwriter``.
    path : str or Path, optional
        Where to write; without it the bytes are returned.  The file is
        written to a temporary file beside it and renamed over it once
        complete, so a failed write leaves any old file as it was.
    hxl : bool, default False
        For CSV: add the row of HXL hashtags under the header.  Other
        formats have no such row and refuse it.
    overwrite : bool, default False
        Replace ``path`` if it exists (through a symbolic link, its target).

    Returns
    -------
    bytes or None
        The encoded dataset when no path is given; None once the file is
        written.

    Raises
    ------
    UnknownFormatError
        If ``format`` is not one of the formats above.
    UnknownDatasetError
        If no dataset is called ``name``.
    IncompatibleOptionsError
        If ``hxl=True`` with a format other than CSV, or ``path`` holds a
        NUL character.
    OutputExistsError
        If ``path`` exists and ``overwrite`` is False.
    MissingDependencyError
        If the format needs a package that is not installed.
    DataIntegrityError
        If the bundled file of the dataset is damaged.
    OSError
        If the file cannot be written (the old file, if any, is kept).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.export("staff_headcount", "csv").decode().splitlines()[0]
    'year,international_professional,general_service,total,professional_percent'
    >>> iom_annual.export("staff_headcount", "csv", hxl=True).decode().splitlines()[1]
    '#date+year,#indicator+staff+num+professional,#indicator+staff+num+general_service,...'
    """
    if format not in FORMATS:
        raise UnknownFormatError(format, FORMATS)
    if hxl and format not in _HXL_FORMATS:
        raise IncompatibleOptionsError(
            f"hxl=True (--hxl) needs format {' or '.join(_HXL_FORMATS)}: "
            f"{format} has no row for HXL hashtags")
    target = None if path is None else _target(path, overwrite)
    data = _encode(name, format, hxl)
    if target is None:
        return data
    _write_atomic(target, data, overwrite)
    return None


def _encode(name: DatasetName, format: str, hxl: bool) -> bytes:
    meta = dataset(name)
    df = frame(name)
    buf = io.BytesIO()
    if format == "csv":
        if hxl:
            buf.write(_hxl_csv(name))
        else:
            joined(df).write_csv(buf)  # a list column as the bundled file holds it: "; "-joined
    elif format == "parquet":
        metadata = {"iom_annual.dataset": name, "iom_annual.citation": meta.citation,
                    "iom_annual.columns": json.dumps(
                        {c.name: {"description": c.description, "unit": c.unit, "hxl": c.hxl}
                         for c in meta.columns})}
        try:
            _require("pyarrow")
        except MissingDependencyError:
            df.write_parquet(buf, metadata=metadata)
        else:
            import pyarrow.parquet as pq

            table = to_arrow(name)
            pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                          **{k.encode(): v.encode()
                                                             for k, v in metadata.items()}}), buf)
    elif format == "json":
        df.write_json(buf)
        if not buf.getvalue().endswith(b"\n"):  # a text file ends with a newline
            buf.write(b"\n")
    else:
        _require("xlsxwriter")
        joined(df).write_excel(buf, worksheet=name[:31])
    return buf.getvalue()


def _target(path: str | Path, overwrite: bool) -> Path:
    """The file to write: through a symbolic link to its target; refuses an existing one unless asked."""
    text = os.fspath(path)
    if "\x00" in text:
        raise IncompatibleOptionsError(f"the output path {_quote(text)} holds a NUL character")
    if not text:
        raise IncompatibleOptionsError("the output path is empty")
    given = Path(text)
    if os.path.lexists(given) and not overwrite:
        raise OutputExistsError(text)
    return given.resolve() if given.is_symlink() else given


def _write_atomic(target: Path, data: bytes, overwrite: bool) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then move it into place."""
    import tempfile

    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            mode = os.stat(target).st_mode & 0o7777  # a replaced file keeps its permissions
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
        if overwrite:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
    except BaseException as exc:
        if os.path.lexists(temp):
            os.unlink(temp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputExistsError):
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    _sync_directory(target.parent)


def _link_new(temp: str, target: Path) -> None:
    """Move ``temp`` to ``target`` only if no file appeared there meanwhile."""
    try:
        os.link(temp, target)  # fails if target exists: no window to clobber a new file
    except FileExistsError:
        raise OutputExistsError(str(target)) from None
    except OSError:  # no hard links on this file system: check, then rename
        if os.path.lexists(target):
            raise OutputExistsError(str(target)) from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def _umask() -> int:
    # os.umask can only be read by setting it; done once, at the first write.
    if not _UMASK:
        current = os.umask(0o022)
        os.umask(current)
        _UMASK.append(current)
    return _UMASK[0]


_UMASK: list[int] = []


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory: the data are already synced
    finally:
        os.close(fd)
