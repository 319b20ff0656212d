"""Write any dataset to a file in a common format."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal, get_args

from iom_annual._errors import InvalidArgumentError
from iom_annual._loader import frame

__all__ = [
    "ExportFormat",
    "FORMATS",
    "UnknownFormatError",
    "export",
]

ExportFormat = Literal["csv", "parquet", "json"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)


class UnknownFormatError(InvalidArgumentError):
    """Not an export format this library writes."""

    kind = "format"


UnknownFormatError.__module__ = "iom_annual"


def export(name: str, format: str, path: str | Path | None = None) -> bytes | None:
    """Write dataset ``name`` as CSV, Parquet or JSON.

    Parameters
    ----------
    name : str
        A dataset name (see :func:`iom_annual.datasets`).
    format : {"csv", "parquet", "json"}
        JSON is an array of row objects.
    path : str or Path, optional
        Where to write; without it the bytes are returned.

    Returns
    -------
    bytes or None
        The encoded dataset when no path is given.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.export("staff_headcount", "csv").decode().splitlines()[0]
    'year,international_professional,general_service,total,professional_percent'
    """
    if format not in FORMATS:
        raise UnknownFormatError(format, FORMATS)
    df = frame(name)
    buf = io.BytesIO()
    if format == "csv":
        df.write_csv(buf)
    elif format == "parquet":
        df.write_parquet(buf)
    else:
        df.write_json(buf)
    data = buf.getvalue()
    if path is None:
        return data
    Path(path).write_bytes(data)
    return None
