"""How to cite the report and this package."""

from __future__ import annotations

import json
from typing import Literal, get_args

from iom_annual._core.errors import UnknownFormatError
from iom_annual._data.registry import edition

__all__ = ["CITATION_FORMATS", "CitationFormat", "cite"]

# The one definition of the citation formats (``iom_annual.CitationFormat``).
CitationFormat = Literal["text", "bibtex", "csl-json"]
CITATION_FORMATS: tuple[CitationFormat, ...] = get_args(CitationFormat)
# IOM publishes its Council documents, this report among them, on its governing
# bodies site.  (The page of this one document was not found in any source we
# could check, so the citation links the site, never a guessed address.)
REPORT_URL = "https://governingbodies.iom.int/"
# The package is not on PyPI: its citation names no URL (no page to point to)
# and the year of this version, which CITATION.cff gives as well.
_PACKAGE_YEAR = 2026


def cite(format: CitationFormat = "text") -> str:
    """The citations of the report and of this package.

    Parameters
    ----------
    format : {"text", "bibtex", "csl-json"}
        The citation style (``iom_annual.CITATION_FORMATS``), in any case.

    Returns
    -------
    str
        Two entries: the report (IOM Council document C/113/INF/1/Rev.1, with
        the address of the IOM site that publishes Council documents) and the
        package at its installed version, installed from source (it is not on
        PyPI).

    Raises
    ------
    UnknownFormatError
        If ``format`` is not one of ``CITATION_FORMATS``; the message names
        the closest one.
    TypeError
        If ``format`` is not a str.

    Examples
    --------
    >>> import iom_annual
    >>> print(iom_annual.cite().splitlines()[0])  # doctest: +ELLIPSIS
    International Organization for Migration (2022). Annual Report for 2021. ...C/113/INF/1/Rev.1...
    """
    from iom_annual import __version__

    if not isinstance(format, str):  # a polars expression is no format (nor a truth value)
        raise TypeError(f"format must be one of {', '.join(CITATION_FORMATS)} (a str), "
                        f"not {type(format).__name__}")
    folded = format.strip().casefold()
    if folded not in CITATION_FORMATS:
        raise UnknownFormatError(format, CITATION_FORMATS)
    format = folded
    e = edition()
    published = e.published
    if format == "text":
        return (f"{e.publisher} ({published}). {e.title}. Council document {e.symbol}. Geneva: IOM. "
                f"{REPORT_URL}\n"
                f"iom_annual developers ({_PACKAGE_YEAR}). iom_annual: the IOM {e.title} as data "
                f"(version {__version__}) [Python package, installed from source].")
    if format == "bibtex":
        return (f"@techreport{{iom_annual_report_{e.year},\n"
                f"  author = {{{{{e.publisher}}}}},\n  title = {{{e.title}}},\n"
                f"  institution = {{{{{e.publisher}}}}},\n  number = {{{e.symbol}}},\n"
                f"  type = {{Council document}},\n  address = {{Geneva}},\n  year = {{{published}}},\n"
                f"  url = {{{REPORT_URL}}}\n}}\n\n"
                f"@software{{iom_annual,\n  author = {{{{iom\\_annual developers}}}},\n"
                f"  title = {{iom\\_annual: the IOM {e.title} as data}},\n"
                f"  version = {{{__version__}}},\n  year = {{{_PACKAGE_YEAR}}},\n"
                f"  note = {{Python package, installed from source}}\n}}")
    items = [
        {"id": f"iom_annual_report_{e.year}", "type": "report", "title": e.title,
         "author": [{"literal": e.publisher}], "publisher": e.publisher, "publisher-place": "Geneva",
         "number": e.symbol, "genre": "Council document", "issued": {"date-parts": [[published]]},
         "URL": REPORT_URL},
        {"id": "iom_annual", "type": "software", "title": f"iom_annual: the IOM {e.title} as data",
         "author": [{"literal": "iom_annual developers"}], "version": __version__,
         "issued": {"date-parts": [[_PACKAGE_YEAR]]}, "note": "Python package, installed from source"},
    ]
    return json.dumps(items, indent=2)
