"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "47e5ad680b92c9887aa99ace15e030de17616047ecd80601c949526b36012735"
