"""Read the bundled CSV files into polars, once per process.

Column types come from the registry and are never inferred.  Each file is
read at most once, under a lock, and callers get a clone so that nothing they
do to a frame reaches the cache.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from iom_annual._registry import data_file, dataset

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl

__all__ = [
    "frame",
    "load",
    "read_file",
]

_lock = threading.Lock()
_frames: dict[str, pl.DataFrame] = {}


def _read(name: str) -> pl.DataFrame:
    return read_file(name)


def read_file(name: str, directory: Path | None = None) -> pl.DataFrame:
    """Read a dataset's CSV with its declared schema, from the package or ``directory``."""
    import polars as pl

    meta = dataset(name)
    types: dict[str, type[pl.DataType]] = {
        "string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
    }
    schema = {c.name: types[c.type] for c in meta.columns}
    raw = data_file(meta.file) if directory is None else (directory / meta.file).read_bytes()
    return pl.read_csv(raw, schema=schema)


def frame(name: str) -> pl.DataFrame:
    """The cached frame of ``name`` (shared: callers must not hand it out)."""
    cached = _frames.get(name) if isinstance(name, str) else None  # an unhashable name fails below
    if cached is None:
        name = dataset(name).name  # unknown names fail here, before any I/O; any case finds the one entry
        with _lock:
            cached = _frames.get(name)
            if cached is None:
                cached = _frames[name] = _read(name)
    return cached


def load(name: str) -> pl.DataFrame:
    """Any bundled dataset as a polars DataFrame.

    Parameters
    ----------
    name : str
        A name listed by :func:`iom_annual.datasets`.

    Returns
    -------
    polars.DataFrame
        A fresh frame: changing it does not change what later calls return.

    Raises
    ------
    UnknownDatasetError
        If no dataset has that name; the message names the closest matches.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.load("staff_headcount").filter(year=2021)["total"].item()
    17761
    """
    return frame(name).clone()
