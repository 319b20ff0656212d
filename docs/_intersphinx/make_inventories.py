"""Write the minimal intersphinx inventories vendored in this folder.

The docs build is offline, so intersphinx cannot download ``objects.inv``
from docs.python.org, docs.pola.rs or docs.pydantic.dev.  Instead this script
writes small inventories (Sphinx inventory format, version 2) holding only the
external names that the API reference links to, each pointing at its real
public URL.  Run it after adding a name::

    python docs/_intersphinx/make_inventories.py

and commit the ``*.inv`` files.  ``sphinx-build -n`` reports any external name
that is missing here as a broken reference.  Where a full inventory is at hand
(e.g. downloaded on a machine with internet access), it can replace the
generated file as is: the docs configuration does not care which it gets.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> (role, uri relative to the project's base URL); "$" means "#" + name.
INVENTORIES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "python": ("Python", "3", {
        "str": ("py:class", "library/stdtypes.html#str"),
        "int": ("py:class", "library/functions.html#int"),
        "float": ("py:class", "library/functions.html#float"),
        "bool": ("py:class", "library/functions.html#bool"),
        "bytes": ("py:class", "library/stdtypes.html#bytes"),
        "tuple": ("py:class", "library/stdtypes.html#tuple"),
        "list": ("py:class", "library/stdtypes.html#list"),
        "dict": ("py:class", "library/stdtypes.html#dict"),
        "object": ("py:class", "library/functions.html#object"),
        "None": ("py:data", "library/constants.html#None"),
        "True": ("py:data", "library/constants.html#True"),
        "False": ("py:data", "library/constants.html#False"),
        "Exception": ("py:exception", "library/exceptions.html#Exception"),
        "ValueError": ("py:exception", "library/exceptions.html#ValueError"),
        "KeyError": ("py:exception", "library/exceptions.html#KeyError"),
        # named in the API reference's Raises sections and "Bases:" lines
        "TypeError": ("py:exception", "library/exceptions.html#TypeError"),
        "AttributeError": ("py:exception", "library/exceptions.html#AttributeError"),
        "ImportError": ("py:exception", "library/exceptions.html#ImportError"),
        "OSError": ("py:exception", "library/exceptions.html#OSError"),
        "FileExistsError": ("py:exception", "library/exceptions.html#FileExistsError"),
        "pathlib.Path": ("py:class", "library/pathlib.html#pathlib.Path"),
        "typing.Literal": ("py:data", "library/typing.html#typing.Literal"),
        "typing.Any": ("py:data", "library/typing.html#typing.Any"),
        "collections.abc.Iterable": ("py:class", "library/collections.abc.html#collections.abc.Iterable"),
        "collections.abc.Mapping": ("py:class", "library/collections.abc.html#collections.abc.Mapping"),
        "collections.abc.Sequence": ("py:class", "library/collections.abc.html#collections.abc.Sequence"),
        "dataclasses.dataclass": ("py:function", "library/dataclasses.html#dataclasses.dataclass"),
    }),
    "polars": ("Polars", "stable", {
        "polars.DataFrame": ("py:class", "reference/dataframe/index.html#polars.DataFrame"),
        "polars.dataframe.frame.DataFrame": ("py:class", "reference/dataframe/index.html#polars.DataFrame"),
        "polars.Expr": ("py:class", "reference/expressions/index.html#polars.Expr"),
        "polars.expr.expr.Expr": ("py:class", "reference/expressions/index.html#polars.Expr"),
        "polars.read_parquet": ("py:function",
                                "reference/api/polars.read_parquet.html#polars.read_parquet"),
    }),
    "pydantic": ("pydantic", "latest", {
        "pydantic.BaseModel": ("py:class", "api/base_model/#pydantic.BaseModel"),
        "pydantic.main.BaseModel": ("py:class", "api/base_model/#pydantic.BaseModel"),
        "pydantic.Field": ("py:function", "api/fields/#pydantic.fields.Field"),
        "pydantic.ConfigDict": ("py:class", "api/config/#pydantic.config.ConfigDict"),
        "pydantic.ValidationError": ("py:exception", "api/pydantic_core/#pydantic_core.ValidationError"),
    }),
    "pandas": ("pandas", "stable", {
        "pandas.DataFrame": ("py:class", "reference/api/pandas.DataFrame.html#pandas.DataFrame"),
    }),
    "pyarrow": ("Apache Arrow", "stable", {
        "pyarrow.Table": ("py:class", "python/generated/pyarrow.Table.html#pyarrow.Table"),
    }),
}


def inventory(project: str, version: str, entries: dict[str, tuple[str, str]]) -> bytes:
    header = (f"# Sphinx inventory version 2\n# Project: {project}\n# Version: {version}\n"
              "# The remainder of this file is compressed using zlib.\n").encode()
    body = "".join(f"{name} {role} 1 {uri} -\n" for name, (role, uri) in sorted(entries.items()))
    return header + zlib.compress(body.encode(), 9)


def main() -> None:
    for key, (project, version, entries) in INVENTORIES.items():
        path = HERE / f"{key}.inv"
        path.write_bytes(inventory(project, version, entries))
        print(f"wrote {path.name}: {len(entries)} names")


if __name__ == "__main__":
    main()
