"""Sphinx configuration of the iom_annual documentation.

Build (from the repository root)::

    python -m pip install -e ".[docs]"
    python -m sphinx -W -n -b html docs docs/_build/html
    python -m sphinx -W -b doctest docs docs/_build/doctest

Everything that describes data (dataset pages, catalog, theme pages, plots,
reconciliation results) is generated at build time into ``docs/_generated/``
by the local extension ``_ext/iom_docs.py``, from the installed package.  The
build is offline: intersphinx reads the inventories vendored in
``docs/_intersphinx/`` (see ``docs/contributing.md``).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import iom_annual

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
# ``tools/`` (the data build) and ``tests/`` are documented on the data-quality page.
sys.path.insert(0, str(ROOT))

# -- Project -----------------------------------------------------------------

def _project_metadata() -> dict[str, object]:
    """The [project] table of pyproject.toml: the description and the addresses, written once there."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the docs then show no repository link
        return {}
    with open(ROOT / "pyproject.toml", "rb") as f:
        return dict(tomllib.load(f).get("project", {}))


_PROJECT = _project_metadata()
# The repository's address lives in pyproject.toml's [project.urls] only; the
# docs link to it (and to its issue tracker) when it is there.
PROJECT_URLS: dict[str, str] = dict(_PROJECT.get("urls", {}))  # type: ignore[arg-type]
REPOSITORY = PROJECT_URLS.get("Repository", "")
ISSUES = PROJECT_URLS.get("Issues", "")
DESCRIPTION = str(_PROJECT.get("description", ""))

project = "iom_annual"
author = "iom_annual developers"
copyright = f"{date.today().year}, {author}. Figures: International Organization for Migration"
release = iom_annual.__version__
version = ".".join(release.split(".")[:2])

# -- General -----------------------------------------------------------------

extensions = [
    # myst-nb: MyST Markdown pages (it includes myst-parser) and the notebooks of
    # the gallery, stored as MyST Markdown text and executed at each build.
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "iom_docs",  # docs/_ext/iom_docs.py: generated pages and plots
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
root_doc = "index"
# _generated/snippets holds parts of pages, pulled in with {include}: not pages of their own.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "_intersphinx", "_generated/snippets", "_data"]
templates_path = ["_templates"]
nitpicky = True
# Literal aliases that _data.registry defines for type checkers only (it avoids
# importing typing at run time, to keep the first call fast): nothing to link.
nitpick_ignore = [("py:class", "ColumnType"), ("py:class", "Namespace")]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution"]
myst_heading_anchors = 3

# -- notebooks (myst-nb) -------------------------------------------------------------

# Executed at every build (so CI proves they run), in a kernel of the Python that
# runs Sphinx: ipykernel provides it without any ``kernelspec`` install.  The
# cache is shared by the html and doctest builders so the second does not re-run.
nb_execution_mode = "cache"
nb_execution_cache_path = str(Path(__file__).resolve().parent / "_build" / ".jupyter_cache")
nb_execution_raise_on_error = True
nb_execution_timeout = 120
nb_execution_show_tb = True
nb_kernel_rgx_aliases = {".*": "python3"}
nb_merge_streams = True

# -- autodoc / napoleon ---------------------------------------------------------

# "show-inheritance" is set per class by the API page's generator (docs/_ext/iom_docs.py),
# only where a class has a base worth showing: never an empty "Bases:" line.
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_member_order = "bysource"
autodoc_class_signature = "separated"
# Shown by name in signatures, linked to its entry: spelt out, FigureId is a
# Literal of every figure id (about 500 of them), DatasetName of every dataset.
autodoc_type_aliases = {"FigureId": "iom_annual.FigureId", "DatasetName": "iom_annual.DatasetName"}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_param = True
napoleon_preprocess_types = True
# Sphinx's napoleon, when it looks up the annotations of a class with an
# "Attributes" section, merges napoleon_type_aliases into autodoc_type_aliases
# in place; later signatures then evaluate "NationalityStaff" as reST text and
# fail.  Attribute types are written in the docstrings, so the lookup is not needed.
napoleon_attr_annotations = False
# Words that numpy-style "Parameters"/"Returns" type fields use and that are
# not Python objects: napoleon turns them into plain text, not references.
napoleon_type_aliases = {
    "polars.DataFrame": ":class:`polars.DataFrame`",
    "DataFrame": ":class:`polars.DataFrame`",
    "Path": ":class:`pathlib.Path`",
    "NationalityStaff": ":class:`~iom_annual.NationalityStaff`",
    "Column": ":class:`~iom_annual.Column`",
    "Edition": ":class:`~iom_annual.Edition`",
    "Theme": ":class:`~iom_annual.Theme`",
    "UnknownDatasetError": ":class:`~iom_annual.UnknownDatasetError`",
    "UnknownCategoryError": ":class:`~iom_annual.UnknownCategoryError`",
    "UnknownNationalityError": ":class:`~iom_annual.UnknownNationalityError`",
    "UnknownGradeError": ":class:`~iom_annual.UnknownGradeError`",
}

# -- intersphinx (offline: vendored inventories, see contributing.md) ----------

_INV = DOCS / "_intersphinx"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", str(_INV / "python.inv")),
    "polars": ("https://docs.pola.rs/api/python/stable", str(_INV / "polars.inv")),
    "pydantic": ("https://docs.pydantic.dev/latest", str(_INV / "pydantic.inv")),
    # optional outputs (``to_pandas``, ``to_arrow``)
    "pandas": ("https://pandas.pydata.org/docs", str(_INV / "pandas.inv")),
    "pyarrow": ("https://arrow.apache.org/docs", str(_INV / "pyarrow.inv")),
}
intersphinx_timeout = 1

# -- doctest -------------------------------------------------------------------

doctest_global_setup = """
import iom_annual
from iom_annual.metrics import round_half_up
"""
# Doctest the docstring examples that autodoc pulls in, as well as the
# ``{doctest}`` blocks of the guides.
doctest_test_doctest_blocks = "default"

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
# The browser tab: what the site is, not only its package name and version.
html_title = "iom_annual: IOM's Annual Report for 2021 as data"
html_short_title = "iom_annual"
html_static_path = ["_static"]
html_css_files = ["iom.css"]
html_js_files = ["iom-sort.js", "iom-search.js"]
html_show_sourcelink = True
html_last_updated_fmt = None
html_context = {"iom_description": DESCRIPTION}
html_theme_options: dict[str, object] = {"navigation_with_keys": True}
if REPOSITORY:
    html_theme_options["source_repository"] = REPOSITORY.rstrip("/") + "/"
    html_theme_options["source_branch"] = "main"
    html_theme_options["source_directory"] = "docs/"
    html_theme_options["footer_icons"] = [{
        "name": "Source repository", "url": REPOSITORY, "class": "",
        "html": "Source repository",
    }]
# Pages use these through {{ }} substitutions: "report a data error" links the tracker.
myst_substitutions = {"repository": REPOSITORY, "issues": ISSUES}


# -- fixes for names the package's annotations cannot resolve at doc time ------------

# The package imports polars (and pandas, pyarrow) only under ``TYPE_CHECKING``
# (so that importing ``iom_annual`` stays cheap); autodoc therefore sees
# annotations such as ``pl.DataFrame`` as plain strings.  Resolve them as the
# names they abbreviate.
_ALIASES = {"pl.": "polars.", "pd.": "pandas.", "pa.": "pyarrow."}

# Private bases shown in "Bases:" lines, replaced by the public class they stand for.
_PRIVATE_BASES = {"_Frozen", "_Strict"}


def _resolve_alias(app, env, node, contnode):  # type: ignore[no-untyped-def]
    from docutils import nodes
    from sphinx.ext import intersphinx

    target = node.get("reftarget", "")
    for short, full in _ALIASES.items():
        if node.get("refdomain") == "py" and target.startswith(short):
            node["reftarget"] = full + target[len(short):]
            if contnode.astext() == target:  # show "polars.DataFrame", not "pl.DataFrame"
                contnode = nodes.Text(node["reftarget"])
            return intersphinx.missing_reference(app, env, node, contnode)
    return None


def _public_bases(app, name, obj, options, bases):  # type: ignore[no-untyped-def]
    import pydantic

    if list(bases) == [object]:
        bases.clear()  # "Bases: object" says nothing
    for i, base in enumerate(bases):
        if getattr(base, "__name__", "") in _PRIVATE_BASES and issubclass(base, pydantic.BaseModel):
            bases[i] = pydantic.BaseModel
        elif getattr(base, "__module__", "") == "iom_annual._core.records" and issubclass(base, tuple):
            bases[i] = tuple  # the records (registry, figures): what they are, not the private helper


_PROPERTY_SUMMARIES: dict[str, list[str]] = {}


def _keep_property_summary(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    # napoleon reads a property docstring's first line "type: text" as a type
    # annotation; a plain summary such as 'The place: "paragraph 16" ...' is
    # not one.  Keep such one-paragraph docstrings as written (before napoleon,
    # priority 400; restored after it, priority 600).
    if what == "property" and lines and ": " in lines[0] and not any(set(l.strip()) == {"-"} for l in lines):
        _PROPERTY_SUMMARIES[name] = list(lines)


def _restore_property_summary(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    original = _PROPERTY_SUMMARIES.pop(name, None)
    if original is not None:
        lines[:] = original


def _no_type_docstring(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    # A constant without a doc comment would show the docstring of its type
    # ("Built-in immutable sequence." for a tuple): show nothing instead.
    if what == "data" and lines and type(obj).__doc__ and \
            " ".join(lines).split() == " ".join(type(obj).__doc__.splitlines()).split():
        lines.clear()


def _is_underline(line: str) -> bool:
    return bool(line.strip()) and set(line.strip()) == {"-"}


def _split_raises(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    # A numpy "Raises" entry may name several exceptions on one line ("A, B");
    # napoleon would make one field of it and show the first name only.  Give
    # each exception an entry of its own, with the shared description.
    out: list[str] = []
    in_raises = False
    i = 0
    while i < len(lines):
        line = lines[i]
        starts_section = i + 1 < len(lines) and _is_underline(lines[i + 1]) and not line.startswith(" ")
        if starts_section:
            in_raises = line.strip() == "Raises"
            out += [line, lines[i + 1]]
            i += 2
            continue
        if in_raises and line.strip() and not line[0].isspace() and "," in line:
            desc = []
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or lines[j][0].isspace()) and not (
                    j + 1 < len(lines) and _is_underline(lines[j + 1])):
                desc.append(lines[j])
                j += 1
            while desc and not desc[-1].strip():
                desc.pop()
            for exc in (n.strip() for n in line.split(",") if n.strip()):
                out += [exc, *desc]
            out.append("")
            i = j
            continue
        out.append(line)
        i += 1
    lines[:] = out


_SIMPLE_TYPES = {"str": "str", "float": "float", "int": "int", "tuple[str, ...]": "tuple of str"}


def _figure_fields(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    # A Figure's fields are the columns of key_figures, described once, in the
    # registry: list them from there (before the Raises section) rather than
    # write them a second time in the docstring.
    import iom_annual

    if what != "class" or obj is not iom_annual.Figure:
        return
    section = ["Attributes", "----------"]
    for column in iom_annual.dataset("key_figures").columns:
        annotation = obj.__annotations__[column.name]
        base = annotation.removesuffix(" | None")
        kind = ("{" + ", ".join(f'"{v}"' for v in column.allowed_values) + "}"
                if column.allowed_values else _SIMPLE_TYPES[base])
        if base != annotation:
            kind += " or None"
        section += [f"{column.name} : {kind}", f"    {column.description}"]
    at = lines.index("Raises") if "Raises" in lines else len(lines)
    lines[at:at] = [*section, ""]


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("autodoc-process-docstring", _split_raises, priority=350)
    app.connect("autodoc-process-docstring", _figure_fields, priority=340)
    app.connect("missing-reference", _resolve_alias)
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("autodoc-process-docstring", _no_type_docstring, priority=300)
    app.connect("autodoc-process-docstring", _keep_property_summary, priority=400)
    app.connect("autodoc-process-docstring", _restore_property_summary, priority=600)
