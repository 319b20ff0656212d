"""Write any dataset to a common format, and hand it to pandas or Arrow.

CSV, JSON and Parquet need nothing beyond polars; Parquet with per-column
metadata, Excel, pandas and Arrow need optional packages, and say which.

Files are never lost: an existing file is replaced only when asked
(``overwrite=True``), and the new content is written to a temporary file
beside the target, flushed to disk and renamed over it in one step, so that a
full disk or a size limit leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args, overload

from iom_annual._core.errors import (
    IncompatibleOptionsError,
    MissingDependencyError,
    OutputExistsError,
    UnknownFormatError,
)
from iom_annual._core.errors import quote as _quote
from iom_annual._data.loader import frame, joined
from iom_annual._data.registry import find_dataset

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pandas as pd
    import pyarrow as pa

    from iom_annual._figures.types import DatasetName

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
    >>> from iom_annual._output.export import format_for
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

    meta = find_dataset(name)
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

    meta = find_dataset(name)
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
        Any case is accepted (``"CSV"``).  JSON is an array of row objects,
        ending with a newline.  Parquet and JSON keep a list column
        (``key_figures.iso3``) as a list; CSV and Excel, which cannot hold
        one, write it "; "-joined, as the bundled file does.  Parquet
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
        Replace ``path`` if it is an existing regular file (through a
        symbolic link, its target).  A FIFO, a character device or a
        standard stream (``/dev/stdout``) is written into, appending, and
        never replaced; a folder is refused.

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
        NUL character, ends with a separator or is a folder.
    TypeError
        If ``hxl`` or ``overwrite`` is not a bool (``"no"`` is not False),
        or ``format`` or ``path`` is not text.
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
    hxl = _check_flag("hxl", hxl)
    overwrite = _check_flag("overwrite", overwrite)
    format = _format(format)
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


def _format(format: object) -> ExportFormat:
    """The format asked for, in any case; anything but text is a type error."""
    if not isinstance(format, str):
        raise TypeError(f"format must be one of {', '.join(FORMATS)} (a str), not {_type_name(format)}")
    folded = format.strip().casefold()
    for valid in get_args(ExportFormat):
        if folded == valid:
            return valid  # type: ignore[no-any-return]
    raise UnknownFormatError(format, FORMATS)


def _encode(name: DatasetName, format: str, hxl: bool) -> bytes:
    meta = find_dataset(name)
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


def _check_flag(name: str, value: object) -> bool:
    """``value`` if it is a bool: ``"no"`` or ``2`` would otherwise be read as true."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {_type_name(value)}")
    return value


def _type_name(value: object) -> str:
    return type(value).__name__ if not isinstance(value, str) else f"the string {_quote(value, 40)}"


def output_path(path: object) -> str:
    """``path`` as text, once it can name a file: no NUL, not empty, no trailing separator.

    Raises
    ------
    TypeError
        If ``path`` is neither a str nor a path-like object of text.
    IncompatibleOptionsError
        If it cannot name a file.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path-like object, not {_type_name(path)}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise TypeError(f"path must be text, not {type(text).__name__}")
    if "\x00" in text:
        raise IncompatibleOptionsError(f"the output path {_quote(text)} holds a NUL character")
    if not text:
        raise IncompatibleOptionsError("the output path is empty")
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        raise IncompatibleOptionsError(f"the output path {_quote(text)} ends with a separator, as a folder "
                                       "does: give a file name")
    return text


def _target(path: str | Path, overwrite: bool) -> Path:
    """The file to write: through a symbolic link to its target; refuses an existing one unless asked.

    A FIFO, a character device or a standard stream (``/dev/stdout``) is
    written into, not replaced: nothing of it is lost, and replacing it with
    a regular file would break it (``-o /dev/null --force`` as root).
    """
    text = output_path(path)
    given = Path(text)
    if _names_a_stream(text):
        return given  # /dev/stdout and the like: written into (see _write_into)
    try:
        info = os.stat(given)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a symbolic link loop, a file in place of a folder, no permission
        raise OSError(exc.errno, exc.strerror, text) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IncompatibleOptionsError(f"the output path {_quote(text)} is a folder: give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            return given  # written into as it is (see _write_into)
        raise IncompatibleOptionsError(f"the output path {_quote(text)} is neither a regular file, "
                                       "a FIFO nor a character device")
    if os.path.lexists(given) and not overwrite:
        raise OutputExistsError(text)
    try:
        return given.resolve() if given.is_symlink() else given
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, before Python 3.13
        import errno

        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), text) from exc


_STREAM = re.compile(r"/(dev/(stdout|stderr|fd/\d+)|proc/(self|thread-self|\d+)/fd/\d+)")


def _names_a_stream(text: str) -> bool:
    """Whether ``text`` is, or links through, an open file of a process (``/dev/stdout``, ``/dev/fd/1``).

    Such a path stands for whatever the shell opened (``>>log``, a pipe): it
    is written into, as the shell would, never replaced by a new file.
    """
    path = os.path.abspath(text)
    for _ in range(40):  # as many links as the kernel follows
        if _STREAM.fullmatch(path):
            return True
        try:
            link = os.readlink(path)
        except OSError:  # not a link (or not there): the end of the chain
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return False


def _is_special(target: Path) -> bool:
    if _names_a_stream(str(target)):
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _write_into(target: Path, data: bytes) -> None:
    """Write into a FIFO, a device or a standard stream, keeping it what it is.

    Opened for appending without truncating: ``-o /dev/stdout >>log`` adds to
    ``log`` as the shell asked, and a pipe is written into, not replaced.
    """
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    finally:
        os.close(fd)


def _write_atomic(target: Path, data: bytes, overwrite: bool) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then move it into place."""
    if _is_special(target):
        _write_into(target, data)
        return
    with _removed_on_sigterm():
        try:
            mode: int | None = os.stat(target).st_mode & 0o7777  # a replaced file keeps its permissions
        except OSError:
            mode = None  # a new file: created with 0o666 less the umask, as any other
        # A replaced file's data stay private until its mode is copied.
        fd, temp = _new_temporary(target, 0o666 if mode is None else 0o600)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            if mode is not None:
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


def _new_temporary(target: Path, mode: int) -> tuple[int, str]:
    """A new file beside ``target``, created with ``mode``: the kernel applies the current umask.

    ``tempfile.mkstemp`` creates 0o600 files, whose mode would then need the
    umask, which can only be read by setting it (a race with other threads).
    """
    import secrets

    for _ in range(100):
        temp = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                           mode), temp
        except FileExistsError:
            continue
        except OSError as exc:  # name the file asked for, not the temporary one
            raise OSError(exc.errno, exc.strerror, str(target)) from None
    raise FileExistsError(f"no free temporary name beside {target}")


@contextlib.contextmanager
def _removed_on_sigterm() -> Iterator[None]:
    """SIGTERM while writing raises SystemExit, so that the temporary file is removed.

    Only when the signal does its default (ending the process) and in the
    main thread: a handler the program installed is left alone.
    """
    import signal
    import threading

    sigterm = getattr(signal, "SIGTERM", None)
    if (sigterm is None or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(sigterm) is not signal.SIG_DFL):
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(sigterm, terminated)
    try:
        yield
    finally:
        signal.signal(sigterm, signal.SIG_DFL)


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
