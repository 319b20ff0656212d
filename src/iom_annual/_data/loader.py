"""Read the bundled CSV files into polars, once per process, after checking them.

Column types come from the registry and are never inferred.  Each file is
read at most once, under a lock, and callers get a clone so that nothing they
do to a frame reaches the cache.

Before a file is parsed its bytes are checked against the SHA-256 the build
recorded in ``data/manifest.json``, whose own hash is pinned in code
(``pins.py``); the first read also checks ``datasets.json`` and
``datapackage.json``.  A damaged, truncated or missing file raises
:class:`DataIntegrityError` naming it, never a wrong frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iom_annual._core.cache import OncePerKey, once
from iom_annual._core.errors import DataIntegrityError, hash_difference
from iom_annual._data.registry import LIST_DELIMITER, data_file, find_dataset

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import polars as pl

    from iom_annual._figures.types import DatasetName

__all__ = [
    "DataIntegrityError",
    "frame",
    "hash_difference",
    "load",
    "read_file",
    "recorded_hashes",
]


_METADATA = ("datasets.json", "datapackage.json")


def _sha256(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def recorded_hashes(read: Callable[[str], bytes]) -> dict[str, str]:
    """The SHA-256 of every bundled file, from a manifest that matches the pin.

    ``read`` returns a file's bytes by name.  The result maps each CSV file
    and each metadata file (``datasets.json``, ``datapackage.json``) to its
    recorded digest.

    Raises
    ------
    DataIntegrityError
        If the manifest is missing, differs from the pinned hash or is not
        the JSON the build writes.
    """
    import json

    from iom_annual._data.pins import MANIFEST_SHA256

    raw = _read_bytes(read, "manifest.json")
    digest = _sha256(raw)
    if digest != MANIFEST_SHA256:
        raise DataIntegrityError("manifest.json", "changed: " + hash_difference(digest, MANIFEST_SHA256))
    try:
        parsed = json.loads(raw)
        hashes = {name: str(info["sha256"]) for name, info in parsed["files"].items()}
        hashes.update({name: str(parsed["metadata"][name]) for name in _METADATA})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # pinned, so only a bad build
        raise DataIntegrityError("manifest.json", f"is not a manifest ({type(exc).__name__})") from None
    return hashes


def _read_bytes(read: Callable[[str], bytes], file: str) -> bytes:
    try:
        return read(file)
    except OSError as exc:  # missing, unreadable, a folder: all mean the file is not there
        raise DataIntegrityError(file, f"cannot be read ({type(exc).__name__})") from None


def checked_bytes(file: str, read: Callable[[str], bytes], hashes: dict[str, str]) -> bytes:
    """The bytes of ``file``, after checking them against ``hashes``."""
    raw = _read_bytes(read, file)
    recorded = hashes.get(file)
    if recorded is None:
        raise DataIntegrityError(file, "is not in the manifest")
    digest = _sha256(raw)
    if digest != recorded:
        raise DataIntegrityError(file, "changed: " + hash_difference(digest, recorded))
    return raw


@once
def _bundled_hashes() -> dict[str, str]:
    """The recorded hashes (file -> SHA-256), once the manifest and the metadata files have passed."""
    hashes = recorded_hashes(data_file)
    for file in _METADATA:
        checked_bytes(file, data_file, hashes)
    return hashes


def read_file(name: str, directory: Path | None = None, *, raw: bytes | None = None) -> pl.DataFrame:
    """Read a dataset's CSV with its declared schema, from the package or ``directory``.

    Raises
    ------
    DataIntegrityError
        If the file is missing, its header is not the declared columns, or a
        value does not parse as its column's type.
    """
    import polars as pl

    meta = find_dataset(name)
    types: dict[str, type[pl.DataType]] = {
        "string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
    }
    # A list column is a string in the file; it is split once it has been read.
    schema = {c.name: types.get(c.type, pl.String) for c in meta.columns}
    lists = [c.name for c in meta.columns if c.type == "list"]
    if raw is None:
        raw = _read_bytes(data_file if directory is None else (lambda f: (directory / f).read_bytes()),
                          meta.file)
    header = raw.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace").split(",")
    if header != list(schema):
        raise DataIntegrityError(meta.file, f"has columns {header[:8]}, not the declared {list(schema)[:8]}")
    try:
        df = pl.read_csv(raw, schema=schema)
    except (pl.exceptions.PolarsError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataIntegrityError(meta.file, f"does not parse as its declared schema: {first[:120]}") from None
    if not lists:
        return df
    return df.with_columns(pl.col(lists).str.split(LIST_DELIMITER).fill_null(pl.lit([], pl.List(pl.String))))


def joined(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with its list columns joined into text as the bundled CSV holds them ("; ", null when empty).

    For the formats that cannot hold a list (CSV, Excel); ``df`` itself is not changed.
    """
    import polars as pl

    lists = [name for name, dtype in df.schema.items() if isinstance(dtype, pl.List)]
    if not lists:
        return df
    return df.with_columns(pl.when(pl.col(name).list.len() > 0)
                           .then(pl.col(name).list.join(LIST_DELIMITER)).alias(name) for name in lists)


def _read(name: str) -> pl.DataFrame:
    file = find_dataset(name).file
    return read_file(name, raw=checked_bytes(file, data_file, _bundled_hashes()))


# Each dataset's frame, read once.
_frames: OncePerKey[str, pl.DataFrame] = OncePerKey(_read)


def frame(name: str) -> pl.DataFrame:
    """The cached frame of ``name`` (shared: callers must not hand it out).

    The first call checks the manifest and the metadata files; the first
    read of each dataset checks its file's hash and schema.
    """
    if not (isinstance(name, str) and name in _frames):  # an unhashable name fails below
        _bundled_hashes()  # before the registry is trusted to name the file
        # unknown names fail here, with suggestions, before reading a data file; any case finds the one entry
        name = find_dataset(name).name
    return _frames(name)


def load(name: DatasetName) -> pl.DataFrame:
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
    DataIntegrityError
        If the dataset's file (or the manifest, ``datasets.json`` or
        ``datapackage.json``) is missing or differs from what the build
        recorded.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.load("staff_headcount").filter(year=2021)["total"].item()
    17761
    """
    return frame(name).clone()
