"""Write any dataset to a common format, and hand it to pandas or Arrow.

CSV, JSON and Parquet need nothing beyond polars; Parquet with per-column
metadata, Excel, pandas and Arrow need optional extras, and say which.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from iom_annual._errors import InvalidArgumentError, IomAnnualError
from iom_annual._loader import frame
from iom_annual._registry import dataset

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "FORMATS",
    "ExportFormat",
    "MissingDependencyError",
    "UnknownFormatError",
    "export",
    "to_arrow",
    "to_pandas",
]

ExportFormat = Literal["csv", "parquet", "json", "xlsx"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)


class UnknownFormatError(InvalidArgumentError):
    """Not an export format this library writes."""

    kind = "format"


class MissingDependencyError(IomAnnualError, ImportError):
    """An optional dependency is needed; the message gives the install command."""


UnknownFormatError.__module__ = MissingDependencyError.__module__ = "iom_annual"


def _require(module: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingDependencyError(
            f"this needs the optional dependency {module!r}: "
            f'pip install "iom-annual[{extra}]"')


def to_arrow(name: str) -> pa.Table:
    """A dataset as a pyarrow Table; each field carries its description, unit and HXL tag.

    Raises
    ------
    MissingDependencyError
        If pyarrow is not installed (``pip install "iom-annual[arrow]"``).
    """
    _require("pyarrow", "arrow")
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


def to_pandas(name: str) -> pd.DataFrame:
    """A dataset as a pandas DataFrame (a copy: changing it changes nothing here).

    Raises
    ------
    MissingDependencyError
        If pandas or pyarrow is not installed (``pip install "iom-annual[pandas]"``).
    """
    _require("pandas", "pandas")
    _require("pyarrow", "pandas")
    return frame(name).to_pandas()


def _hxl_csv(name: str) -> bytes:
    """CSV with the HXL hashtag row under the header, as HXL tools expect."""
    import csv

    meta = dataset(name)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    rows = frame(name).write_csv().splitlines()
    writer.writerow(next(csv.reader([rows[0]])))
    writer.writerow([c.hxl or "" for c in meta.columns])
    return (buf.getvalue() + "\n".join(rows[1:]) + "\n").encode("utf-8")


def export(name: str, format: str, path: str | Path | None = None, *, hxl: bool = False) -> bytes | None:
    """Write dataset ``name`` as CSV, Parquet, JSON or Excel.

    Parameters
    ----------
    name : str
        A dataset name (see :func:`iom_annual.datasets`).
    format : {"csv", "parquet", "json", "xlsx"}
        JSON is an array of row objects.  Parquet records each column's
        description, unit and HXL tag in the Arrow field metadata when
        pyarrow is installed, and the dataset's citation in the file metadata
        always.  Excel needs ``pip install "iom-annual[excel]"``.
    path : str or Path, optional
        Where to write; without it the bytes are returned.
    hxl : bool, default False
        For CSV: add the row of HXL hashtags under the header.

    Returns
    -------
    bytes or None
        The encoded dataset when no path is given.

    Raises
    ------
    UnknownFormatError, UnknownDatasetError, MissingDependencyError

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
    meta = dataset(name)
    df = frame(name)
    buf = io.BytesIO()
    if format == "csv":
        if hxl:
            buf.write(_hxl_csv(name))
        else:
            df.write_csv(buf)
    elif format == "parquet":
        metadata = {"iom_annual.dataset": name, "iom_annual.citation": meta.citation,
                    "iom_annual.columns": json.dumps(
                        {c.name: {"description": c.description, "unit": c.unit, "hxl": c.hxl}
                         for c in meta.columns})}
        try:
            _require("pyarrow", "arrow")
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
    else:
        _require("xlsxwriter", "excel")
        df.write_excel(buf, worksheet=name[:31])
    data = buf.getvalue()
    if path is None:
        return data
    Path(path).write_bytes(data)
    return None
