"""Sphinx extension: the pages and pictures that are generated from the package.

On ``builder-inited`` it writes, into ``docs/_generated/`` (git-ignored):

* ``catalog.md``: the table of every dataset and the toctree of their pages;
* ``datasets/<name>.md``: one page per dataset of :func:`iom_annual.datasets`,
  with its metadata, columns, row count and a preview read by
  :func:`iom_annual.load`;
* ``themes.md`` and ``themes/<namespace>/<name>.md``: one page per theme of
  the narrative figures (when the package has ``key_figures``);
* ``api/<group>.md``: the autodoc directives of everything in
  ``iom_annual.__all__``, one page per group, and ``snippets/api_members.md``:
  their index, each name with its summary line;
* ``plots/*.png`` and ``figures/*.md``: the plots of :mod:`iom_docs_plots`;
* ``quality/*.md``: the reconciliation checks (run with pytest), the
  discrepancies, and the comparisons with outside sources.

Nothing about a dataset is written by hand in the docs: every word and number
on those pages comes from the registry or the data.  A file is rewritten only
when its content changes, so incremental builds stay incremental.
"""

from __future__ import annotations

import ast
import functools
import inspect
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import polars as pl
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 5
# A dataset this short is shown whole on its page.
FULL_TABLE_ROWS = 30
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>()#+!|~$&:])")


# -- small helpers ------------------------------------------------------------------


def esc(value: object) -> str:
    """Plain text made safe for a Markdown (MyST) inline context or table cell."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


def code(value: object) -> str:
    """Inline code; the fence is longer than any backtick run inside."""
    text = re.sub(r"\s+", " ", str(value)).replace("|", "\\|")
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def cell(value: object, unit: str | None = None) -> str:
    """A data value as a table cell: nulls shown as such, numbers as the package displays them.

    Counts have grouped digits, shares a "%", money its currency, and no
    number is in scientific notation (``iom_annual._core.display.cell_text``, the
    one rule of the package, reading the registry's units).
    """
    from iom_annual._core.display import cell_text

    if value is None:
        return "*null*"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and not value:  # a list column with no item (key_figures.iso3)
        return "–"
    return esc(cell_text(value, unit))


def id_code(value: object) -> str:
    """An id as inline code that may break after its dot (theme, then metric), nowhere else."""
    text = str(value)
    head, dot, tail = text.partition(".")
    return f"{code(head + dot)}<wbr>{code(tail)}" if dot and tail else code(text)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM pipe table (cells must already be escaped)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    # A space before each line break: the site search's snippets read a page's text,
    # where "<br>" alone would run "August" and "people_newly_displaced" together.
    lines.extend("| " + " | ".join(c.replace("<br>", " <br>") for c in r) + " |" for r in rows)
    return "\n".join(lines) + "\n"


def write(path: Path, content: str | bytes) -> None:
    """Write ``content`` unless the file already holds exactly that."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def slug_title(name: str) -> str:
    return name.replace("_", " ").capitalize()


# -- datasets ------------------------------------------------------------------------


def _accessor(name: str) -> str | None:
    """A public function of the same name as the dataset, if the package has one."""
    import iom_annual

    if name in getattr(iom_annual, "__all__", ()) and inspect.isfunction(getattr(iom_annual, name, None)):
        return name
    return None


def _load(name: str) -> Any:
    """The dataset as a DataFrame, or None (with a warning) if it cannot be read."""
    import iom_annual

    try:
        return iom_annual.load(name)
    except Exception as exc:  # a registered dataset that cannot be read is a bug: say so
        logger.warning("dataset %r is in the registry but cannot be loaded: %s: %s",
                       name, type(exc).__name__, exc, type="iom_docs", subtype="dataset")
        return None


def report_link() -> str:
    """A Markdown link to the site where IOM publishes the report (the URL ``cite()`` gives)."""
    from iom_annual._output.cite import REPORT_URL

    return f"[IOM's Council documents]({REPORT_URL})"


def downloads(meta: Any, df: Any, gen: Path) -> str:
    """Write the dataset as CSV (the bundled file, byte for byte) and Parquet; return the links."""
    from importlib.resources import files

    folder = gen / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    bundled = files("iom_annual").joinpath("data", meta.file)
    write(folder / meta.file, bundled.read_bytes())
    parquet = folder / f"{meta.name}.parquet"
    if df is not None:
        # polars writes the same bytes for the same frame: the file changes only with the data.
        tmp = folder / f".{meta.name}.parquet"
        df.write_parquet(tmp)
        write(parquet, tmp.read_bytes())
        tmp.unlink()
    links = [f"{{download}}`CSV </_generated/downloads/{meta.file}>` (the bundled file)"]
    if df is not None:
        links.append(f"{{download}}`Parquet </_generated/downloads/{meta.name}.parquet>` (typed, written "
                     "by polars when these pages were built)")
    return ", ".join(links)


def column_summary(df: Any, meta: Any = None) -> str:
    """One row per column: type, missing values, distinct values, and the range or the commonest values."""
    import polars as pl

    units = {c.name: c.unit for c in meta.columns} if meta is not None else {}
    rows = []
    for name in df.columns:
        col = df.get_column(name)
        missing = col.null_count()
        distinct = col.n_unique()
        if col.dtype.is_numeric() and col.len() > missing:
            lo, hi = col.min(), col.max()
            spread = f"{cell(lo, units.get(name))} to {cell(hi, units.get(name))}"
        elif col.dtype == pl.Boolean:
            counts = col.value_counts(sort=True).rows()
            spread = ", ".join(f"{cell(v)}: {n:,}" for v, n in counts)
        elif col.dtype == pl.List(pl.String) or isinstance(col.dtype, pl.List):
            spread = f"lists of up to {col.list.len().max() or 0} values"
        elif distinct == col.len():
            spread = f"all different, e.g. {code(col[0])}"
        else:
            counts = col.drop_nulls().cast(pl.String).value_counts(sort=True).head(3).rows()
            spread = "commonest: " + ", ".join(f"{code(v)} ({n:,})" for v, n in counts) if counts else ""
        # Three columns, so that the table fits a phone.
        rows.append([f"{code(name)}<br>{esc(col.dtype)}", f"{missing:,} missing<br>{distinct:,} distinct",
                     spread])
    return table(["Column", "Missing, distinct", "Range or commonest values"], rows)


# A figure's value, unit and qualifier are one thing to a reader: "more than 78.4 million people".
_PHRASED = ("value", "unit", "qualifier")


def _cells(df: Any, name: str) -> list[list[str]]:
    """Every cell of ``df`` as the package displays it (``display_frame``: units from the registry).

    The ids of figures (``key_figures.id``, ``corroboration.figure_id``) are
    code that breaks only after the dot.
    """
    from iom_annual._core.display import display_frame

    shown = display_frame(df, name)
    ids = [i for i, c in enumerate(shown.columns) if c in ("id", "figure_id", "linked_to")]
    return [["*null*" if v is None else id_code(v) if i in ids else esc(v) for i, v in enumerate(r)]
            for r in shown.rows()]


def _preview(df: Any, name: str) -> tuple[list[str], list[list[str]]]:
    """Header and cells of a preview; value, unit and qualifier become one cell in words, shown first.

    A wide dataset shows the columns a reader needs first (``first_columns``,
    the same choice as ``iom-annual show``); the page shows every column
    below, one click away.
    """
    from iom_annual._core.display import first_columns, value_phrase

    df = df.select(first_columns(name, df.columns))
    if not all(c in df.columns for c in _PHRASED):
        return [code(c) for c in df.columns], _cells(df, name)
    keys = [c for c in df.columns[:1]]
    rest = [c for c in df.columns if c not in _PHRASED and c not in keys]
    rows = []
    for r, shown in zip(df.iter_rows(named=True), _cells(df.select(rest), name), strict=True):
        words = value_phrase(r["value"], r["unit"] or "", r["qualifier"] or "exact") \
            if r["value"] is not None else "no value"
        rows.append([id_code(r[keys[0]]), f"**{esc(words)}**", *shown])
    return [code(keys[0]), "value, unit, qualifier", *(code(c) for c in rest)], rows


def _terms(meta: Any) -> str:
    """The licence row of a dataset page: the report's figures, or the CEB's read in a repository."""
    from iom_annual._data.registry import from_outside

    if from_outside(meta.source):
        # The repository read has no licence file: the CEB is the origin, the repository where it was read.
        return ("The figures are the UN System Chief Executives Board's (CEB) financial statistics, read in "
                "the public repository [un-fck/open.unfck.org](https://github.com/un-fck/open.unfck.org) "
                "at a fixed commit; that repository has no licence file, so cite the CEB as the origin and "
                "the repository and commit as where the values were read. The packaging (file layout, "
                "column names, checks) is MIT-licensed, like the code.")
    return ("The figures are IOM's, published in document " + esc(meta.edition.symbol)
            + "; cite the report when you use them (see {doc}`/citing`). The packaging (file layout, "
            "column names, checks) is MIT-licensed, like the code.")


def dataset_page(meta: Any, df: Any, gen: Path | None = None) -> str:
    from iom_annual._data.registry import from_outside

    e = meta.edition
    rows = "unavailable" if df is None else f"{df.height:,}"
    out = [
        f"(dataset-{meta.name})=",
        # The name first: the site search ranks a page whose title holds the query first.
        f"# {code(meta.name)}: {esc(meta.title)}",
        "",
        esc(meta.description),
        "",
        ":::{list-table}",
        ":class: iom-fields",
        ":widths: 1 4",
        "",
        "* - Name",
        f"  - {code(meta.name)}",
        "* - Source",
        f"  - {esc(meta.source)}",
        # An outside dataset is not from the report: it ships beside the edition, not in it.
        "* - Packaged with" if from_outside(meta.source) else "* - Edition",
        f"  - {esc(e.publisher)}, *{esc(e.title)}*, document {esc(e.symbol)} ({e.year}), published on "
        + report_link(),
        "* - Rows",
        f"  - {rows}",
        "* - Columns",
        f"  - {len(meta.columns)}",
        "* - Primary key",
        f"  - {', '.join(code(k) for k in meta.primary_key)}",
        "* - Download",
        f"  - {downloads(meta, df, gen) if gen is not None else 'see the bundled file'}",
        "* - Bundled file",
        f"  - {code('iom_annual/data/' + meta.file)}",
        "* - Licence and terms",
        "  - " + _terms(meta),
        ":::",
        "",
        "## Load it",
        "",
        "```python",
        "import iom_annual",
        "",
        f'df = iom_annual.load("{meta.name}")',
    ]
    accessor = _accessor(meta.name)
    if accessor:
        out += ["# or, with the dataset's own function and its filters:",
                f"df = iom_annual.{accessor}()"]
    out += [
        "```",
        "",
        "From the command line:",
        "",
        "```console",
        f"iom-annual show {meta.name} --head {PREVIEW_ROWS}",
        f"iom-annual export {meta.name} --format csv -o {meta.name}.csv",
        "```",
        "",
    ]
    if accessor:
        out += [f"See {{func}}`iom_annual.{accessor}` for the filters it takes.", ""]
    out += ["## Columns", ""]
    col_rows = []
    for c in meta.columns:
        # Two columns, so that the table fits a phone: the name with its type, unit and
        # whether it may be empty; then the description with the allowed values.
        kind = ("list of strings" if c.type == "list" else esc(c.type)) + (
            f", in {esc(c.unit)}" if c.unit else "") + ("" if c.required else ", may be empty")
        allowed = ("<br>Allowed: " + ", ".join(code(v) for v in c.allowed_values)) if c.allowed_values else ""
        col_rows.append([f"{code(c.name)}<br>{kind}", esc(c.description) + allowed])
    out.append(":::{container} iom-wide\n")
    out.append(table(["Column", "What it holds"], col_rows))
    out.append(":::\n")
    if df is not None:
        out += ["## What the columns hold", "",
                f"Computed from the {df.height:,} rows when these pages were built.", "",
                ":::{container} iom-wide\n", column_summary(df, meta), ":::\n"]
    whole = df is not None and df.height <= FULL_TABLE_ROWS
    out += ["## The data" if whole else "## Preview", ""]
    if df is None:
        out += ["The bundled file could not be read when these pages were built.", ""]
    else:
        shown = df if whole else df.head(PREVIEW_ROWS)
        if whole:
            out += [f"All {df.height:,} rows, as {code(f'iom_annual.load({meta.name!r})')} returns them",
                    ""]
        else:
            out += [f"The first {PREVIEW_ROWS} of {df.height:,} rows, as "
                    f"{code(f'iom_annual.load({meta.name!r}).head({PREVIEW_ROWS})')} returns them", ""]
        header, rows_shown = _preview(shown, meta.name)
        from iom_annual._core.display import first_columns

        first = first_columns(meta.name, shown.columns)
        if len(first) < shown.width:
            out[-2] += (f" (the {len(first)} columns a reader needs first; all {shown.width} are one "
                        "click below")
            out[-2] += (", and " + ", ".join(code(c) for c in _PHRASED) + " read together in words)"
                        if all(c in first for c in _PHRASED) else ")")
        out[-2] += ":"
        out.append(":::{container} iom-preview\n")
        out.append(table(header, rows_shown))
        out.append(":::\n")
        if len(first) < shown.width:
            out += [f'<details class="iom-all-columns"><summary>All {shown.width} columns of these '
                    f"rows</summary>", "", ":::{container} iom-preview iom-wide-preview\n",
                    table([code(c) for c in shown.columns], _cells(shown, meta.name)), ":::", "",
                    "</details>", ""]
    out += ["## Cite it", "", "```text", meta.citation, "```", "",
            f"The report is one of {report_link()}. See {{doc}}`/citing` for the citation of the report "
            "and of this package.", ""]
    return "\n".join(out)


def everything(gen: Path) -> str:
    """``datapackage.json`` as bundled, and one zip of every bundled data file; return the links.

    The zip is deterministic (fixed dates, sorted names): it changes only
    with the data, so an incremental build does not rewrite it.
    """
    import io
    import zipfile
    from importlib.resources import files

    import iom_annual

    data = files("iom_annual").joinpath("data")
    folder = gen / "downloads"
    write(folder / "datapackage.json", data.joinpath("datapackage.json").read_bytes())
    names = sorted(f.name for f in data.iterdir() if f.name.endswith((".csv", ".json")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(f"iom_annual-data/{name}", date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.joinpath(name).read_bytes())
    archive = f"iom_annual-data-{iom_annual.__version__}.zip"
    write(folder / archive, buffer.getvalue())
    return (f"Download everything: {{download}}`{archive} </_generated/downloads/{archive}>` "
            f"(the {len(names)} bundled files: every dataset as CSV, {code('datapackage.json')}, "
            f"{code('datasets.json')} and {code('manifest.json')}), or only "
            "{download}`datapackage.json </_generated/downloads/datapackage.json>` (the Frictionless "
            "description of every file, with HXL hashtags).\n")


def catalog(metas: Sequence[Any], frames: dict[str, Any]) -> str:
    rows = []
    for m in metas:
        df = frames.get(m.name)
        rows.append([
            f"{{doc}}`{esc(m.title)} </_generated/datasets/{m.name}>`",
            code(m.name),
            esc(m.source),
            "?" if df is None else f"{df.height:,}",
            str(len(m.columns)),
        ])
    out = [table(["Dataset", "Name", "Source in the report", "Rows", "Columns"], rows), ""]
    out += ["```{toctree}", ":hidden:", ":maxdepth: 1", ""]
    out += [f"/_generated/datasets/{m.name}" for m in metas]
    out += ["```", ""]
    return "\n".join(out)


# -- themes (narrative figures) -------------------------------------------------------


def has_key_figures() -> bool:
    import iom_annual

    return all(hasattr(iom_annual, attr) for attr in ("key_figures", "themes"))


def _where(row: dict[str, Any]) -> str:
    from iom_annual._figures.figure import where_printed

    loc = (row.get("location") or "").strip()
    if loc == "foreword" or (loc in ("paragraph", "box") and row.get(loc) is not None):
        return where_printed(loc, row.get("paragraph"), row.get("box"))
    return loc or "report"


def _citation(row: dict[str, Any], symbol: str) -> str:
    """The figure's own citation (``Figure.citation``) where the package has it."""
    import iom_annual

    if hasattr(iom_annual, "figure") and row.get("id"):
        try:
            return str(iom_annual.figure(row["id"]).citation)
        except Exception as exc:
            logger.warning("iom_annual.figure(%r) failed: %s", row["id"], exc, type="iom_docs", subtype="themes")
    return f"{symbol}, {_where(row)}"


def _value(value: Any) -> str:
    if value is None:
        return "*null*"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from iom_annual._core.display import plain

        return esc(plain(value))
    return esc(value)


def theme_page(theme: Any, figures: Any, symbol: str) -> str:
    import iom_annual

    report_year = iom_annual.edition().year
    ns = theme.namespace
    out = [
        f"(theme-{ns}-{theme.name})=",
        f"# {esc(theme.title)}",
        "",
        esc(theme.description),
        "",
        f"Namespace {code(ns)}, theme {code(theme.name)}: "
        f"{figures.height} figure{'s' if figures.height != 1 else ''} stated in the report.",
        "",
        "```python",
        "import iom_annual",
        "",
        f'iom_annual.key_figures(theme="{theme.name}")   # every figure below, as a DataFrame',
    ]
    if figures.height and hasattr(getattr(iom_annual, ns, None), theme.name):
        first = figures["metric"][0]
        out += [f"iom_annual.{ns}.{theme.name}   # the same figures as a typed model, one attribute each:",
                f"iom_annual.{ns}.{theme.name}.{first}.value"]
    out += ["```", ""]
    if figures.height == 0:
        out += ["No figure of this theme is recorded yet.", ""]
        return "\n".join(out)
    rows = []
    for r in figures.iter_rows(named=True):
        year = r.get("year")
        # Three columns, so that the table fits a phone: the figure in words first,
        # then what it counts with its id and where the report prints it.
        rows.append([
            f"**{esc(_phrase(r))}**" + (f"<br>in {year}" if year is not None and year != report_year else "")
            + _outside_mark(r.get("id")),
            esc(r.get("description") or "") + f"<br>{code(r.get('metric', ''))} · "
            + esc(_citation(r, symbol)),
            code(r.get("as_printed") or ""),
        ])
    out += [f"Paragraph and box numbers are those of the report ({report_link()}). Figures are for "
            f"{report_year} unless the first column says otherwise.", ""]
    out.append(":::{container} iom-figures\n")
    out.append(table(["Figure", "What it counts, and where the report says it", "As printed"], rows))
    out.append(":::\n")
    return "\n".join(out)


def _phrase(row: dict[str, Any]) -> str:
    """Value, unit and qualifier in words ("more than 78.4 million people")."""
    from iom_annual._core.display import value_phrase

    if row.get("value") is None:
        return "no value"
    return value_phrase(row["value"], row.get("unit") or "", row.get("qualifier") or "exact")


def theme_pages(gen: Path) -> list[str]:
    """Write the theme pages; return the names of the files written (relative to ``gen``)."""
    import iom_annual

    written: list[str] = []
    if not has_key_figures():
        write(gen / "snippets" / "themes.md", textwrap.dedent("""\
            ```{note}
            The narrative figures (the ``key_figures`` dataset) are not part of the
            installed version of ``iom_annual``; their theme pages appear once it is.
            ```
            """))
        return written
    symbol = iom_annual.edition().symbol
    try:
        figures = iom_annual.key_figures()
    except Exception as exc:
        logger.warning("iom_annual.key_figures() failed: %s: %s", type(exc).__name__, exc,
                       type="iom_docs", subtype="themes")
        write(gen / "snippets" / "themes.md", "The narrative figures could not be read when these pages were built.\n")
        return written
    import polars as pl

    parts = ["Every theme, with the number of figures the report states about it.", ""]
    ns_docs: list[str] = []
    for ns in ("operations", "institution"):
        themes = iom_annual.themes(ns) if _takes_namespace() else [
            t for t in iom_annual.themes() if t.namespace == ns]
        heading = {"operations": "IOM operations and activities",
                   "institution": "Institutional development and organizational effectiveness"}[ns]
        parts += [f"## {heading}", "", f"The {code('iom_annual.' + ns)} namespace.", ""]
        rows = []
        docs = []
        for t in themes:
            sub = figures.filter(pl.col("theme") == t.name)
            doc = f"themes/{ns}/{t.name}"
            link = f"/_generated/{doc}"
            write(gen / f"{doc}.md", theme_page(t, sub, symbol))
            written.append(doc)
            docs.append(link)
            rows.append([f"{{doc}}`{esc(t.title)} <{link}>`<br>{code(t.name)}", str(sub.height),
                         esc(t.description)])
        parts.append(table(["Theme", "Figures", "What it covers"], rows))
        # One page per namespace holds the toctree of its themes, so that the
        # sidebar shows the themes grouped under their part of the report.
        ns_doc = f"themes/{ns}"
        write(gen / f"{ns_doc}.md", "\n".join([
            f"(themes-{ns})=", f"# {heading}", "",
            f"The {code('iom_annual.' + ns)} namespace: {len(themes)} themes, "
            f"{figures.filter(pl.col('namespace') == ns).height} figures.", "",
            table(["Theme", "Figures", "What it covers"], rows),
            "```{toctree}", ":hidden:", ":maxdepth: 1", "", *docs, "```", ""]))
        written.append(ns_doc)
        ns_docs.append(f"/_generated/{ns_doc}")
    parts += ["```{toctree}", ":hidden:", ":maxdepth: 2", "", *ns_docs, "```", ""]
    write(gen / "snippets" / "themes.md", "\n".join(parts))
    return written


def _takes_namespace() -> bool:
    import iom_annual

    try:
        return "namespace" in inspect.signature(iom_annual.themes).parameters
    except (TypeError, ValueError):
        return False


# -- API reference --------------------------------------------------------------------

# The API reference is one page per group (names absent from the installed
# package are skipped; public names in no group go to "Other names").
_API_GROUPS: list[tuple[str, str, list[str]]] = [
    ("Loading any dataset", "Every dataset by name, its metadata, and export to a file.",
     ["load", "datasets", "dataset", "edition", "export", "FORMATS", "ExportFormat",
      "to_pandas", "to_arrow", "Dataset", "DatasetList", "DatasetName", "Column", "Edition"]),
    ("Staff tables (Annexes I-IV)", "One function per dataset, with filters.",
     ["staff_by_nationality", "staff_by_grade", "nationality_staff", "nationalities", "grades",
      "CATEGORIES", "Category", "professional_staff_by_sex", "professional_women_by_grade",
      "senior_staff_by_sex", "staff_headcount", "headcount_records", "nationalities_represented",
      "as_published"]),
    ("Countries", "A country's profile: its staff, the figures about it, its region and membership.",
     ["country", "countries", "CountryProfile"]),
    ("Narrative figures", "The figures stated in the report's text, by theme.",
     ["key_figures", "themes", "Theme", "operations", "institution", "figure", "Figure", "FigureId",
      "value_phrase", "readable", "ReadableTable", "charts"]),
    ("Finances 2011-2024", "IOM's revenue and expenses from the UN system's financial statistics (CEB).",
     ["finance_by_year", "finance_donors", "finance_by_country"]),
    ("Search and catalog", "Find a figure, dataset, column, theme or country by words.",
     ["search", "KINDS", "Kind", "catalog", "columns"]),
    ("Checks and discrepancies", "Where the report disagrees with itself, and the checks of the data.",
     ["discrepancies", "discrepancy_records", "Discrepancy", "verify", "VerifyReport", "Check",
      "corroboration"]),
    ("Citing", "The citations of the report and of this package.",
     ["cite", "CITATION_FORMATS", "CitationFormat"]),
    ("Records", "Frozen pydantic models, validated on construction.",
     ["NationalityStaff", "HeadcountYear"]),
    ("Errors", "Every bad argument raises a subclass of IomAnnualError naming the valid options.",
     ["IomAnnualError", "InvalidArgumentError", "UnknownDatasetError", "UnknownColumnError",
      "UnknownNationalityError", "UnknownCountryError", "AmbiguousCountryError", "UnknownCategoryError", "UnknownGradeError",
      "UnknownFormatError", "UnknownThemeError", "UnknownMetricError", "UnknownQualifierError",
      "UnknownKindError", "UnknownYearError",
      "InvalidSearchError", "InvalidValueError", "IncompatibleOptionsError", "OutputExistsError",
      "MissingDependencyError", "DataIntegrityError"]),
]


# Pydantic's machinery and the constructor (a model takes its fields as keywords,
# listed as attributes) would otherwise appear as bare entries on the page.
_HIDDEN_MEMBERS = "model_config, model_fields, model_computed_fields, __init__, __new__"


# Page titles of the public modules (a module's dotted name is too wide for a phone's heading).
_MODULE_TITLES = {"metrics": "Derived metrics"}

# A type alias with more values than this is summed up rather than spelt out.
_LONG_ALIAS = 12


def _shows_bases(cls: type) -> bool:
    """Whether a class has a base other than ``object`` worth a "Bases:" line."""
    return any(b is not object for b in cls.__bases__)


def _directive(name: str) -> str:
    """The reStructuredText autodoc directive for one public name."""
    import iom_annual

    obj = getattr(iom_annual, name)
    if inspect.ismodule(obj):
        return ""  # modules get their own section
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return f".. autoexception:: iom_annual.{name}\n   :show-inheritance:\n   :exclude-members: __init__, __new__\n"
        options = f"   :members:\n   :exclude-members: {_HIDDEN_MEMBERS}\n"
        if _shows_bases(obj):
            options += "   :show-inheritance:\n"
        return f".. autoclass:: iom_annual.{name}\n{options}"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        directive = f".. autofunction:: iom_annual.{name}\n"
        if name in _dataset_names():
            directive += f"\n   The dataset's page: :ref:`dataset-{name}`.\n"
        return directive
    if isinstance(obj, (str, int, float, tuple, frozenset)) or getattr(obj, "__origin__", None) is not None:
        return _data_directive(name, obj)
    # Namespace objects (``iom_annual.operations``): their value is the whole dataset.
    # The annotation names a generated class of 40-odd theme models, documented by the theme pages.
    return f".. autodata:: iom_annual.{name}\n   :no-value:\n   :annotation:\n"


def _data_directive(name: str, obj: object) -> str:
    """A constant or a type alias; a long ``Literal`` is described, not spelt out."""
    args = getattr(obj, "__args__", ())
    if getattr(obj, "__origin__", None) is not None and len(args) > _LONG_ALIAS:
        # autodoc would print every value ("alias of Literal[...]", 495 figure ids for
        # FigureId): say what it is and show one value instead.
        return (f".. py:data:: iom_annual.{name}\n\n   A ``Literal`` of {len(args)} values, the first "
                f"``{args[0]!r}``: type checkers know every one, and ``typing.get_args`` lists them.\n")
    return f".. autodata:: iom_annual.{name}\n"


def _dataset_names() -> set[str]:
    import iom_annual

    return {m.name for m in iom_annual.datasets()}


def _rst_block(directives: list[str]) -> list[str]:
    return ["````{eval-rst}", *("\n".join(d for d in directives if d).split("\n")), "````", ""]


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def api_pages(gen: Path) -> list[str]:
    """Write one API page per group and the index of every name; return the pages' names.

    The names are relative to ``gen``, in order; the index (``snippets/api_members.md``,
    included by ``api.md``) lists each group's names with their summary lines, so
    that a reader finds a function from the first page.
    """
    import iom_annual

    public = [n for n in iom_annual.__all__ if n != "__version__"]
    pages: list[tuple[str, str, list[str], list[str]]] = []  # title, blurb, body, qualified names
    done: set[str] = set()
    for title, blurb, names in _API_GROUPS:
        present = [n for n in names if n in public]
        if present:
            pages.append((title, blurb, _rst_block([_directive(n) + "\n" for n in present]),
                          [f"iom_annual.{n}" for n in present]))
            done.update(present)
    rest = [n for n in public if n not in done and not inspect.ismodule(getattr(iom_annual, n))]
    if rest:
        pages.append(("Other names", "", _rst_block([_directive(n) + "\n" for n in rest]),
                      [f"iom_annual.{n}" for n in rest]))
    modules: set[str] = set()  # titles of module pages: automodule shows their docstring
    for n in public:
        module = getattr(iom_annual, n)
        if inspect.ismodule(module):
            summary = (inspect.getdoc(module) or "").split("\n\n")[0]
            title = _MODULE_TITLES.get(n, n)
            modules.add(title)
            pages.append((title, f"{code('iom_annual.' + n)}: {_md_summary(summary)}",
                          _rst_block([f".. automodule:: iom_annual.{n}\n   :members:\n"]),
                          [f"iom_annual.{n}.{m}" for m in getattr(module, "__all__", ())]))
    written = []
    index = ["```{toctree}", ":hidden:", ":maxdepth: 1", "",
             *(f"/_generated/api/{_slug(title)}" for title, *_ in pages), "```", ""]
    for title, blurb, body, names in pages:
        doc = f"api/{_slug(title)}"
        heading = esc(title)
        intro = [blurb if title in modules else esc(blurb), ""] if blurb else []
        write(gen / f"{doc}.md", "\n".join([f"# {heading}", "", *([] if title in modules else intro), *body]))
        written.append(doc)
        index += [f"## [{heading}](/_generated/{doc})", "", *intro,
                  ":::{container} iom-api-index", table(["Name", "What it is"], [_index_row(n) for n in names]),
                  ":::", ""]
    write(gen / "snippets" / "api_members.md", "\n".join(index))
    return written


def _index_row(qualified: str) -> list[str]:
    """A name of the API index, linked to its entry, with what it is in one line."""
    import importlib

    module, _, name = qualified.rpartition(".")
    obj = getattr(importlib.import_module(module), name)
    args = getattr(obj, "__args__", ())
    if inspect.isfunction(obj) or inspect.isclass(obj):
        summary = _md_summary((inspect.getdoc(obj) or "").split("\n\n")[0])
    elif getattr(obj, "__origin__", None) is not None:
        summary = (f"One of {len(args)} values (a type)" if len(args) > _LONG_ALIAS else
                   "One of " + ", ".join(code(repr(a)) for a in args) + " (a type)")
    elif isinstance(obj, (str, int, float, tuple, frozenset)):
        summary = code(repr(obj))
    else:  # a namespace object: the doc comment written beside its annotation
        summary = _md_summary(_attribute_docs(module).get(name, ""))
    shown = f"{name}()" if inspect.isfunction(obj) else name
    return [f"{{py:obj}}`{shown} <{qualified}>`", summary]


@functools.cache
def _attribute_docs(module: str) -> dict[str, str]:
    """The doc comments of a module's attributes (``x: T`` then a string), by name."""
    from sphinx.pycode import ModuleAnalyzer

    docs = ModuleAnalyzer.for_module(module).find_attr_docs()
    return {name: " ".join(lines) for (scope, name), lines in docs.items() if not scope}


_REST_INLINE = re.compile(r"``(.+?)``|:[a-z:]+:`~?([^`<]+?)(?:\s*<[^>]*>)?`")


def _md_summary(text: str) -> str:
    """A docstring line (reStructuredText) as MyST text for a table cell: code stays code."""
    out, last = [], 0
    for m in _REST_INLINE.finditer(text):
        out += [_MD_SPECIAL.sub(r"\\\1", text[last:m.start()]), code(m.group(1) or m.group(2).split(".")[-1])]
        last = m.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", text[last:]))
    return re.sub(r"\s+", " ", "".join(out)).strip()


# -- data quality ----------------------------------------------------------------------


_ROMAN = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "e": "E"}


def _check_title(name: str) -> str:
    """``test_annex_ii_total_row`` -> "Annex II total row"."""
    words = [_ROMAN.get(w, w) for w in name.removeprefix("test_").split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _check_description(fn: ast.FunctionDef, source_lines: list[str]) -> str:
    """The test's docstring, else its comments (they cite the paragraph or table checked)."""
    doc = ast.get_docstring(fn)
    if doc:
        return " ".join(doc.split())
    comments = []
    for line in source_lines[fn.lineno: fn.end_lineno]:
        stripped = line.strip()
        if "#" in stripped:
            text = stripped[stripped.index("#"):].lstrip("# ").strip()
            if text and not text.startswith(("type:", "noqa")):
                comments.append(text)
    return " ".join(comments)


def reconciliation(gen: Path, root: Path) -> None:
    test_file = root / "tests" / "test_reconciliation.py"
    if not test_file.exists():
        write(gen / "snippets" / "quality" / "checks.md", "The reconciliation tests are not in this source tree.\n")
        return
    src = test_file.read_text(encoding="utf-8")
    tree = ast.parse(src)
    lines = src.splitlines()
    tests = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]

    results: dict[str, list[tuple[str, str, str]]] = {}
    ran = False
    try:
        import pytest  # noqa: F401
    except ImportError:
        pytest_note = "pytest is not installed, so the checks were not run for this build."
    else:
        with tempfile.TemporaryDirectory() as tmp:
            xml = Path(tmp) / "results.xml"
            env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header",
                 f"--junitxml={xml}", str(test_file.relative_to(root))],
                cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
            if xml.exists():
                ran = True
                for case in ET.parse(xml).getroot().iter("testcase"):
                    full = case.get("name", "")
                    base = full.split("[", 1)[0]
                    status, detail = "passed", ""
                    for tag in ("failure", "error", "skipped"):
                        el = case.find(tag)
                        if el is not None:
                            status = {"failure": "failed", "error": "error", "skipped": "skipped"}[tag]
                            detail = (el.get("message") or "").strip()
                    results.setdefault(base, []).append((full, status, detail))
            pytest_note = (f"Run for this build with {code('python -m pytest tests/test_reconciliation.py')}: "
                           + (proc.stdout.strip().splitlines() or ["no output"])[-1].strip("= ") + ".")
            bad = [f for v in results.values() for f, s, _ in v if s in ("failed", "error")]
            if bad:
                logger.warning("reconciliation checks failed: %s", ", ".join(bad),
                               type="iom_docs", subtype="quality")
    icon = {"passed": "✓ passed", "failed": "✗ failed", "error": "✗ error", "skipped": "– skipped"}
    summary_rows = []
    sections = []
    for fn in tests:
        outcomes = results.get(fn.name, [])
        parts = []
        if not ran:
            status = "not run"
        elif not outcomes:
            status = "not collected"
        else:
            for full, st, detail in outcomes:
                label = full[len(fn.name):] if len(outcomes) > 1 else ""
                text = f"{icon.get(st, st)} {esc(label)}".strip()
                if detail and st != "passed":
                    text += f" ({esc(detail)})"
                parts.append(text)
            status = "<br>".join(parts)
        desc = esc(_check_description(fn, lines))
        title = esc(_check_title(fn.name))
        anchor = fn.name.replace("_", "-")
        summary_rows.append([f"[{title}](#{anchor})", desc, status])
        sections += [f"({anchor})=", f"#### {title}", "", *([desc, ""] if desc else []),
                     f"Result: {'; '.join(parts) if parts else status}. Test {code(fn.name)}:", "",
                     "```{literalinclude} /../tests/test_reconciliation.py",
                     ":language: python", f":pyobject: {fn.name}", "```", ""]
    out = [pytest_note, "", table(["Check", "Printed figures it holds the data to", "Result"], summary_rows), "",
           "### The checks, one by one", "", *sections]
    write(gen / "snippets" / "quality" / "checks.md", "\n".join(out))


def discrepancy_table(gen: Path) -> None:
    import iom_annual

    df = iom_annual.discrepancies()
    kinds = df["kind"].value_counts(sort=True).rows()
    out = [f"{df.height} discrepancies: " + ", ".join(f"{n} {esc(k)}" for k, n in kinds) + ".", ""]
    for r in df.iter_rows(named=True):
        out += [
            f"({'discrepancy-' + r['id'].replace('_', '-')})=",
            f"### {esc(r['what'])}",
            "",
            ":::{list-table}",
            ":class: iom-fields",
            ":widths: 1 4",
            "",
            "* - Id",
            f"  - {code(r['id'])} ({esc(r['kind'])})",
            f"* - {esc(r['where_a'])}",
            f"  - {esc(r['value_a'])}",
            f"* - {esc(r['where_b'])}",
            f"  - {esc(r['value_b'])}",
            "* - Explanation",
            f"  - {esc(r['explanation']) if r['explanation'] else '*The report gives none.*'}",
            ":::",
            "",
        ]
    write(gen / "snippets" / "quality" / "discrepancies.md", "\n".join(out))


_MARKS = {"agrees": "confirmed", "differs": "contradicted"}


@functools.lru_cache(maxsize=1)
def _outside_marks() -> dict[str, str]:
    """Figure id -> how outside sources judge it: ``contradicted`` wins over ``confirmed``."""
    import iom_annual

    if not hasattr(iom_annual, "corroboration"):
        return {}
    marks: dict[str, str] = {}
    for figure_id, agreement in iom_annual.corroboration().select("figure_id", "agreement").rows():
        if agreement in _MARKS and marks.get(figure_id) != "contradicted":
            marks[figure_id] = _MARKS[agreement]
    return marks


def _outside_mark(figure_id: str | None) -> str:
    """A line under a theme table's value, linking to the outside checks, for checked figures."""
    mark = _outside_marks().get(figure_id or "")
    return f"<br>{{ref}}`{mark} by an outside source <outside-checks>`" if mark else ""


def corroboration_summary(df: pl.DataFrame) -> str:
    """The counts of the comparisons, by agreement, kind of copy and independence, from the data.

    A row that repeats another comparison (``restates``) is not counted
    again; ``tests/test_corroboration.py`` holds the README's counts to the same data.
    """
    import polars as pl

    counted = df.filter(pl.col("restates").is_null())

    def n(column: str, value: object) -> int:
        return counted.filter(pl.col(column) == value).height

    independent = sorted(set(counted.filter(pl.col("independent_of_iom"))["publisher"]))
    return (
        f"{counted.height} comparisons of {counted['figure_id'].n_unique()} figures with outside sources "
        f"({df.height} copies read; {df.height - counted.height} repeat a comparison and are not counted "
        f"again): {n('agreement', 'agrees')} agree, {n('agreement', 'differs')} differ, "
        f"{n('agreement', 'not_comparable')} are not comparable. By the copy read: {n('copy', 'own')} "
        f"the publisher's own, {n('copy', 'mirror')} mirrors, {n('copy', 'republication')} republications. "
        f"{n('independent_of_iom', True)} come from publishers independent of IOM "
        f"({'; '.join(esc(p) for p in independent)}); {n('independent_of_iom', False)} do not (IOM's own "
        "statistics and statements, bodies IOM leads, and the CEB's financial statistics, which publish "
        "the accounts IOM reports)."
    )


def _with_unit(value: Any, unit: str | None) -> str:
    """A value with its unit, as the package displays it: "14%", "USD 2,549,484,556.56", "125 countries"."""
    from iom_annual._core.display import cell_text

    if value is None:
        return "*null*"
    text = cell_text(value, unit) or ""
    if unit and unit not in ("percent", "usd"):
        text += " " + unit.replace("_", " ")
    return esc(text)


def corroboration_table(gen: Path) -> None:
    """The comparisons with outside sources, one table row each, sorted by figure."""
    import iom_annual

    if not hasattr(iom_annual, "corroboration"):
        write(gen / "snippets" / "quality" / "corroboration.md", "Not part of the installed version.\n")
        return
    df = iom_annual.corroboration()
    out = [corroboration_summary(df), ""]
    rows = []
    for r in df.sort("figure_id").iter_rows(named=True):
        link = f"[{esc(r['source'])}](<{r['url']}>)"
        if r["published"]:
            link += f", {esc(r['published'])}"
        note = esc(r["note"])
        if r["restates"]:
            note = f"Repeats {code(r['restates'])}, not counted again. " + note
        if r["discrepancy"]:
            note += f" See also {{ref}}`discrepancy-{r['discrepancy'].replace('_', '-')}`."
        independent = "independent of IOM" if r["independent_of_iom"] else "not independent of IOM"
        # Three columns, so that the table fits: the figure, the comparison and the verdict; the
        # two numbers; who published the outside one, the copy read, and why they agree or not.
        rows.append([f"{id_code(r['figure_id'])}<br>{code(r['id'])}<br>"
                     f"**{esc(r['agreement'].replace('_', ' '))}**",
                     f"report: {_with_unit(r['report_value'], r['report_unit'])}<br>"
                     f"outside: {_with_unit(r['outside_value'], r['outside_unit'])}",
                     f"{esc(r['publisher'])} ({esc(r['copy'])}, {independent}): {link}<br>{note}"])
    out += [":::{container} iom-wide iom-outside\n",
            table(["Figure, comparison and agreement", "Report and outside values",
                   "Publisher, source and note"], rows), ":::", ""]
    write(gen / "snippets" / "quality" / "corroboration.md", "\n".join(out))


def rebuild_notes(gen: Path, root: Path) -> None:
    """The build's own account of how the tables were rebuilt (module docstrings, read without importing)."""
    import iom_annual

    e = iom_annual.edition()
    out = [
        f"The bundled data are built from one text: {code(e.source_file)}, the plain-text conversion "
        f"of {esc(e.publisher)}, *{esc(e.title)}*, document {esc(e.symbol)}, pinned by its SHA-256",
        "",
        "```text",
        e.source_sha256,
        "```",
        "",
        "The build refuses any other text.",
        "",
    ]
    for rel, heading in (("tools/build_data.py", "The build ({file}`tools/build_data.py`)"),
                         ("tools/annex_tables.py", "Rebuilding the rows of Annexes II and III "
                                                    "({file}`tools/annex_tables.py`)")):
        path = root / rel
        if not path.exists():
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if doc:
            out += [f"### {heading}", "", "````{eval-rst}", doc, "````", ""]
    write(gen / "snippets" / "quality" / "rebuild.md", "\n".join(out))


def citation_page(gen: Path, root: Path) -> None:
    """The citation of the report: ``iom_annual.cite()`` where the package has it, else from the edition."""
    import iom_annual

    e = iom_annual.edition()
    if hasattr(iom_annual, "cite"):
        out = [
            f"As {code('iom_annual.cite()')} (or {code('iom-annual cite')}) gives it, the report "
            "first, then this package:", "",
            "```text", iom_annual.cite("text"), "```", "",
            "In BibTeX (" + code('iom_annual.cite("bibtex")') + "; CSL-JSON with "
            + code('iom_annual.cite("csl-json")') + "):", "",
            "```bibtex", iom_annual.cite("bibtex"), "```", "",
        ]
    else:
        key = f"iom_annual_report_{e.year}"
        out = [
            "```text", f"{e.publisher}. {e.title}. Council document {e.symbol}.", "```", "",
            "In BibTeX:", "", "```bibtex",
            f"@techreport{{{key},",
            f"  author      = {{{{{e.publisher}}}}},",
            f"  title       = {{{e.title}}},",
            f"  institution = {{{{{e.publisher}}}}},",
            f"  number      = {{{e.symbol}}},",
            "  type        = {Council document}",
            "}", "```", "",
        ]
    write(gen / "snippets" / "citation.md", "\n".join(out))
    cff = root / "CITATION.cff"
    if cff.exists():
        text = cff.read_text(encoding="utf-8")
        found = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.M)
        if not found or found.group(1) != iom_annual.__version__:
            logger.warning("CITATION.cff version %s is not the package version %s",
                           found.group(1) if found else "(none)", iom_annual.__version__,
                           type="iom_docs", subtype="citation")
        if e.symbol not in text:
            logger.warning("CITATION.cff does not cite the report %s", e.symbol,
                           type="iom_docs", subtype="citation")
        from iom_annual._output.cite import REPORT_URL

        if REPORT_URL not in text:  # the two citations must point to the same place
            logger.warning("CITATION.cff does not link the report's site %s", REPORT_URL,
                           type="iom_docs", subtype="citation")


# -- home page and nationalities ---------------------------------------------------------


def _pairs(rows: Iterable[tuple[str, Sequence[str]]]) -> set[tuple[str, str]]:
    """(figure id, place) for each place of each figure."""
    return {(figure_id, place) for figure_id, places in rows for place in places}


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def places_summary(gen: Path) -> str:
    """The counts of the places of the figures, and how the sentence rule compares, from the data.

    Counted in the bundled ``key_figures`` (never typed in), and compared with
    the codes the earlier rule gave (every place named in the sentence that
    prints a figure), kept in ``docs/_data/places_sentence_rule.csv``.
    """
    import csv

    import iom_annual

    kf = iom_annual.key_figures().select("id", "iso3", "regions")
    now = {col: _pairs(kf.select("id", col).rows()) for col in ("iso3", "regions")}
    before_path = Path(__file__).resolve().parent.parent / "_data" / "places_sentence_rule.csv"
    with before_path.open(encoding="utf-8", newline="") as fh:
        before_rows = list(csv.DictReader(fh))
    before = {col: _pairs((r["id"], [p for p in r[col].split("; ") if p]) for r in before_rows)
              for col in ("iso3", "regions")}

    def counts(col: str) -> tuple[int, int, int]:
        return len(now[col]), len({f for f, _ in now[col]}), len({p for _, p in now[col]})

    def compared(col: str, noun: str) -> str:
        right = len(before[col] & now[col])
        return (f"{len(before[col])} {noun}, of which {right} are right by the review (precision "
                f"{_share(right, len(before[col]))}, recall {_share(right, len(now[col]))})")

    codes, coded, countries = counts("iso3")
    regions, placed, distinct = counts("regions")
    text = (
        f"The review gives {codes} country codes on {coded} figures ({countries} different countries) "
        f"and {regions} regions on {placed} figures ({distinct} different regions). The earlier rule, "
        "which copied every place named in the sentence that prints a figure (its codes are kept in "
        f"{{file}}`docs/_data/places_sentence_rule.csv`), had given {compared('iso3', 'codes')}, and "
        f"{compared('regions', 'regions')}. These counts are made from the data when the documentation "
        "is built.\n"
    )
    write(gen / "snippets" / "quality" / "places.md", text)
    return text


def headline(gen: Path) -> None:
    """Three numbers for the home page, read from the data (never typed in)."""
    import polars as pl

    import iom_annual
    from iom_annual._core.display import value_phrase

    staff = iom_annual.staff_headcount().filter(pl.col("year") == pl.col("year").max()).row(0, named=True)
    nationalities = iom_annual.figure("diversity.workforce_nationalities")
    reach = iom_annual.figure("crisis_response.operational_reach_people")
    cards = [
        (f"{staff['total']:,}", f"staff at the end of {staff['year']}",
         "Annex I, Table 4", "/_generated/datasets/staff_headcount"),
        (f"{nationalities.value:,.0f}", "nationalities among them", nationalities.citation,
         "/_generated/themes/institution/diversity"),
        (value_phrase(reach.value, "", reach.qualifier).strip(), "people reached by IOM's crisis work",
         reach.citation, "/_generated/themes/operations/crisis_response"),
    ]
    out = [":::{container} iom-headline", ""]
    for number, what, where, doc in cards:
        out += [f"- **{esc(number)}** {esc(what)} <br><small>{{doc}}`{esc(where)} <{doc}>`</small>"]
    out += ["", ":::", ""]
    write(gen / "snippets" / "headline.md", "\n".join(out))


def nationalities_page(gen: Path) -> None:
    """Every nationality in the staff tables, so that a country's name finds a page."""
    import polars as pl

    import iom_annual

    regions = iom_annual.load("countries").select("iso3", "region").unique("iso3")
    staff = iom_annual.staff_by_nationality()
    wide = (
        staff.group_by("nationality", maintain_order=True)
        .agg(pl.col("iso3").first(), pl.col("member_state").first(),
             pl.col("total").filter(pl.col("category") == "general_service").sum().alias("gs"),
             pl.col("total").filter(pl.col("category") == "professional").sum().alias("prof"),
             pl.col("female").sum(), pl.col("total").sum())
        .join(regions, on="iso3", how="left")
        .sort("nationality")
    )
    has_profile = hasattr(iom_annual, "country")
    if has_profile:
        how = ("Each country's profile (its staff, the figures about it, its region and membership) is "
               "returned by {func}`iom_annual.country`, e.g. `iom_annual.country(\"Kenya\")`.")
    else:
        how = ("A nationality's staff in detail: {func}`iom_annual.nationality_staff` "
               "(e.g. `iom_annual.nationality_staff(\"Kenya\", \"professional\")`) or "
               "{func}`iom_annual.staff_by_nationality`.")
    rows = []
    for r in wide.iter_rows(named=True):
        share = f"{r['female'] * 100 / r['total']:.0f}%" if r["total"] else ""
        rows.append([esc(r["nationality"]), code(r["iso3"]) if r["iso3"] else "", esc(r["region"] or ""),
                     "yes" if r["member_state"] else "no", f"{r['gs']:,}", f"{r['prof']:,}",
                     f"**{r['total']:,}**", share])
    with_staff = wide.filter(pl.col("total") > 0).height
    out = [f"{wide.height} rows appear in Annexes II and III ({with_staff} with at least one staff member; "
           "the annexes also print rows of zeros, and one row, 'Other', names no nationality). "
           f"{how}", "",
           "Click a column's heading to sort the table by it (again to reverse).", "",
           ":::{container} iom-wide iom-sortable\n",
           table(["Nationality", "ISO3", "UN region", "IOM member", "General Service", "Professional",
                  "Total", "Women"], rows), ":::", ""]
    write(gen / "snippets" / "nationalities.md", "\n".join(out))


def report_error_snippet(app: Sphinx, gen: Path) -> None:
    """Where to report a data error: the issue tracker of pyproject.toml's [project.urls], if set."""
    subs = getattr(app.config, "myst_substitutions", {}) or {}
    issues, repository = subs.get("issues", ""), subs.get("repository", "")
    if issues:
        where = f"Open an issue in the [project's issue tracker](<{issues}>)"
    elif repository:
        where = f"Open an issue in the [source repository](<{repository}>)"
    else:
        where = "Open an issue in the project's source repository"
    source = (f" The source code, data build and these pages are in the [source repository](<{repository}>)."
              if repository else "")
    write(gen / "snippets" / "report_error.md", where + " with what the checklist above gives." + source + "\n")


def _listed(value: Any) -> list[str]:
    """A list cell, whether the data hold it as a list or as "; "-joined text."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else str(value).split(";")


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def search_index(app: Sphinx, gen: Path) -> None:
    """``_static/iom-search.json``: themes, figures as printed and countries, for the search page.

    Built from the same data as :func:`iom_annual.search` (the themes, the
    figures of ``key_figures`` and the ``countries`` table), so that the
    site's search puts a theme, a number as printed or a country first.
    """
    import json

    import iom_annual

    entries: list[dict[str, Any]] = []
    for t in iom_annual.themes():
        entries.append({"kind": "theme", "title": t.title, "keys": [_fold(t.name.replace("_", " ")), _fold(t.title)],
                        "text": t.description, "url": f"_generated/themes/{t.namespace}/{t.name}.html"})
    from iom_annual._core.display import value_phrase

    for r in iom_annual.key_figures().iter_rows(named=True):
        printed = (r["as_printed"] or "").strip()
        phrase = value_phrase(r["value"], r["unit"] or "", r["qualifier"] or "exact") if r["value"] is not None else ""
        entries.append({"kind": "figure", "title": f"{phrase}: {r['description']}",
                        "keys": [_fold(printed), _fold(printed.replace(",", "")), _fold(r["id"])],
                        "value": r["value"], "text": r["id"],
                        "url": f"_generated/themes/{r['namespace']}/{r['theme']}.html"})
    for r in iom_annual.load("countries").iter_rows(named=True):
        keys = [r["name"], r["iso3"], *_listed(r["aliases"]), *_listed(r["demonyms"])]
        entries.append({"kind": "country", "title": r["name"], "keys": [_fold(k.strip()) for k in keys if k.strip()],
                        "text": f"{r['region'] or ''}; {r['iso3']}", "url": f"nationalities.html#{r['iso3']}"})
    out = Path(app.outdir) / "_static"
    out.mkdir(parents=True, exist_ok=True)
    write(out / "iom-search.json", json.dumps(entries, ensure_ascii=False, separators=(",", ":")))


def _fingerprint(inputs: Sequence[Path]) -> str:
    """A hash of ``inputs`` and of the bundled data (their manifest of hashes)."""
    import hashlib
    from importlib.resources import files

    digest = hashlib.sha256()
    digest.update(files("iom_annual").joinpath("data", "manifest.json").read_bytes())
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _unchanged(stamp: Path, fingerprint: str) -> bool:
    return stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint


# -- the hook --------------------------------------------------------------------------


def generate(app: Sphinx) -> None:
    import iom_annual

    srcdir = Path(app.srcdir)
    gen = srcdir / "_generated"
    root = srcdir.parent

    metas = iom_annual.datasets()
    frames = {m.name: _load(m.name) for m in metas}
    keep: set[Path] = set()
    for m in metas:
        path = gen / "datasets" / f"{m.name}.md"
        write(path, dataset_page(m, frames[m.name], gen))
        keep.add(path)
    write(gen / "snippets" / "catalog.md", everything(gen) + "\n" + catalog(metas, frames))
    report_error_snippet(app, gen)
    search_index(app, gen)
    for doc in theme_pages(gen):
        keep.add(gen / f"{doc}.md")
    for doc in api_pages(gen):
        keep.add(gen / f"{doc}.md")
    headline(gen)
    nationalities_page(gen)
    rebuild_notes(gen, root)
    citation_page(gen, root)
    # The two slow steps (a pytest run, sixteen SVGs) are redone only when what they
    # read has changed, so the doctest build after the html build skips them.
    # The stamp is written after the step succeeds: a failed step runs again.
    code = sorted((root / "src" / "iom_annual").rglob("*.py"))
    stamp = gen / "snippets" / "quality" / ".inputs"
    tests = root / "tests" / "test_reconciliation.py"
    fingerprint = _fingerprint([tests, *code] if tests.exists() else code)
    if not _unchanged(stamp, fingerprint):
        reconciliation(gen, root)
        stamp.write_text(fingerprint, encoding="utf-8")
    discrepancy_table(gen)
    corroboration_table(gen)
    places_summary(gen)

    import iom_docs_plots

    stamp = gen / "plots" / ".inputs"
    fingerprint = _fingerprint([Path(iom_docs_plots.__file__), *sorted((srcdir / "_data").glob("*.csv")), *code])
    if not _unchanged(stamp, fingerprint):
        for fig in iom_docs_plots.draw_all(gen / "plots"):
            write(gen / "snippets" / "figures" / f"{fig.name}.md", fig.markdown())
            if fig.name == "staff_map":  # the home page's picture
                write(gen / "snippets" / "home_picture.md", fig.image(label=False))
        stamp.write_text(fingerprint, encoding="utf-8")

    # Pages of datasets or themes that are gone would otherwise linger as orphans.
    for sub in ("datasets", "themes", "api"):
        for path in (gen / sub).rglob("*.md") if (gen / sub).exists() else ():
            if path not in keep:
                path.unlink()


# "1.33e7", "2.81e+08", "1e-05": a number with an exponent, not part of a word or a hash.
_SCIENTIFIC = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_TAG = re.compile(r"<[^>]+>")


def check_plain_numbers(app: Sphinx, exception: Exception | None) -> None:
    """Warn (an error with -W) for any number in scientific notation in a table of the built site.

    Every table: dataset previews, theme pages, the data-quality page and the
    notebooks' outputs.  Code is not in tables, so ``1e6`` in a plot's code is fine.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in sorted(out.rglob("*.html")):
        if any(part.startswith("_") and part != "_generated" for part in page.relative_to(out).parts):
            continue
        html = page.read_text(encoding="utf-8")
        text = " ".join(_TAG.sub(" ", t) for t in _TABLE.findall(html))
        found = _SCIENTIFIC.findall(text)
        if found:
            logger.warning("%s: numbers in scientific notation in a table: %s",
                           page.relative_to(out), ", ".join(found[:5]), type="iom_docs", subtype="numbers")


# Pages that {include} generated snippets: Sphinx does not see a snippet change,
# so they are read again at every build (they are short).
_INCLUDING = ["index", "api", "datasets", "themes", "figures", "citing", "data-quality", "nationalities"]


def _reread(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    return [doc for doc in _INCLUDING if doc in env.found_docs]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    app.connect("env-get-outdated", _reread)
    app.connect("build-finished", check_plain_numbers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
