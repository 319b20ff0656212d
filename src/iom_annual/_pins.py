"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "13e303b6e6582a61f5564cbabe02b8cf995097cc66ca9a9bfdaadd0e134aa39d"
