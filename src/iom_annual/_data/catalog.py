"""The catalog: every dataset, and every column of every dataset, as frames.

Both frames are made from the registry (``datasets.json``) and the build
manifest, so they describe the data without reading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iom_annual._data.registry import datasets, manifest

if TYPE_CHECKING:
    import polars as pl

__all__ = ["catalog", "columns"]


def catalog() -> pl.DataFrame:
    """One row per bundled dataset: what it holds, its size and where it comes from.

    Returns
    -------
    polars.DataFrame
        Columns ``name`` (to pass to :func:`iom_annual.load`), ``title``,
        ``description``, ``rows`` and ``columns`` (its size),
        ``primary_key`` (the columns that identify a row, joined by ", "),
        ``source`` (where the report prints it) and ``citation``; in registry
        order.  A fresh frame on every call.

    Examples
    --------
    >>> import iom_annual
    >>> row = iom_annual.catalog().filter(name="staff_headcount").row(0, named=True)
    >>> row["rows"], row["columns"], row["source"]
    (7, 5, 'Annex I, Table 4')
    """
    import polars as pl

    files = manifest()
    every = datasets()
    return pl.DataFrame(
        {
            "name": [d.name for d in every],
            "title": [d.title for d in every],
            "description": [d.description for d in every],
            "rows": [files[d.file].rows for d in every],
            "columns": [len(d.columns) for d in every],
            "primary_key": [", ".join(d.primary_key) for d in every],
            "source": [d.source for d in every],
            "citation": [d.citation for d in every],
        },
        schema={"name": pl.String, "title": pl.String, "description": pl.String, "rows": pl.Int64,
                "columns": pl.Int64, "primary_key": pl.String, "source": pl.String, "citation": pl.String},
    )


def columns(dataset: str | None = None) -> pl.DataFrame:
    """One row per column of every bundled dataset (or of one): its type, unit and meaning.

    Parameters
    ----------
    dataset : str, optional
        Only the columns of this dataset.

    Returns
    -------
    polars.DataFrame
        Columns ``dataset``, ``column``, ``type`` (string, integer, number
        or boolean), ``unit`` (empty where none applies), ``description``,
        ``hxl`` (its `HXL <https://hxlstandard.org>`_ hashtag), ``key``
        (part of the primary key) and ``required`` (never empty); datasets
        in registry order, columns in file order.

    Raises
    ------
    UnknownDatasetError
        If ``dataset`` names no bundled dataset; the message gives the closest names.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.columns("staff_headcount").select("column", "type").row(0)
    ('year', 'integer')
    """
    import polars as pl

    from iom_annual._data.registry import find_dataset as one

    chosen = datasets() if dataset is None else [one(dataset)]
    rows = [
        (d.name, c.name, c.type, c.unit, c.description, c.hxl, c.name in d.primary_key, c.required)
        for d in chosen
        for c in d.columns
    ]
    return pl.DataFrame(
        rows,
        schema={"dataset": pl.String, "column": pl.String, "type": pl.String, "unit": pl.String,
                "description": pl.String, "hxl": pl.String, "key": pl.Boolean, "required": pl.Boolean},
        orient="row",
    )
