"""Write the Frictionless data package descriptor from the metadata registry.

``datapackage.json`` is generated, never edited: every resource, field,
constraint and key comes from ``datasets.json``, and each file's hash and
size from the bytes the build has just written.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from iom_annual._data.registry import LIST_DELIMITER, from_outside

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

# Datasets whose iso3 column points at the countries table (null for 'Other',
# which Frictionless skips).  key_figures.iso3 is a list, so it cannot be a key.
_COUNTRY_REFERENCES = ("staff_by_nationality", "staff_by_grade")


def version(package_init: Path) -> str:
    """The package version, read from the one place it is written."""
    match = re.search(r'^__version__ = "([^"]+)"', package_init.read_text(encoding="utf-8"), re.M)
    if match is None:
        raise ValueError(f"no __version__ in {package_init}")
    return match.group(1)


def _field(column: Mapping[str, Any], hxl: Mapping[str, str]) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column["name"], "type": column["type"],
                             "description": column["description"]}
    if column.get("unit"):
        field["unit"] = column["unit"]
    tag = column.get("hxl", hxl.get(column["name"]))
    if tag:
        field["rdfType"] = f"https://hxlstandard.org/standard/dictionary/#{tag.lstrip('#')}"
        field["hxl"] = tag
    constraints: dict[str, Any] = {}
    if column.get("required", True):
        constraints["required"] = True
    if "allowed_values" in column:
        constraints["enum"] = column["allowed_values"]
    if constraints:
        field["constraints"] = constraints
    if column["type"] == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    if column["type"] == "list":  # Table Schema's list: strings joined by a delimiter in one cell
        field["delimiter"], field["itemType"] = LIST_DELIMITER, "string"
    return field


def descriptor(registry: Mapping[str, Any], files: Mapping[str, bytes], package_version: str) -> bytes:
    """The data package descriptor, as bytes ready to write."""
    edition = registry["edition"]
    resources = []
    for meta in registry["datasets"]:
        content = files[f"data/{meta['file']}"]
        schema: dict[str, Any] = {
            "fields": [_field(c, registry["hxl"]) for c in meta["columns"]],
            "primaryKey": meta["primary_key"],
            "missingValues": [""],
        }
        if meta["name"] in _COUNTRY_REFERENCES:
            schema["foreignKeys"] = [{"fields": ["iso3"],
                                      "reference": {"resource": "countries", "fields": ["iso3"]}}]
        resources.append({
            "name": meta["name"],
            "path": meta["file"],
            "title": meta["title"],
            "description": meta["description"],
            "sources": [{"title": meta["source"] if from_outside(meta["source"]) else
                         f"{edition['publisher']}, {edition['title']} ({edition['symbol']}), "
                         f"{meta['source']}"}],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
            "bytes": len(content),
            "schema": schema,
        })
    package = {
        "name": "iom-annual-2021",
        "title": f"{edition['publisher']}: {edition['title']}, as data",
        "description": "Staff statistics and the figures stated in the text of the IOM Annual Report "
                       "for 2021, as typed, cited tables.",
        "version": package_version,
        "licenses": [{"name": "MIT", "path": "https://opensource.org/licenses/MIT",
                      "title": "MIT License (packaging); the figures are IOM's"}],
        "sources": [{"title": f"{edition['publisher']}, {edition['title']} ({edition['symbol']})",
                     "hash": "sha256:" + edition["source_sha256"]}],
        "resources": resources,
    }
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
