"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "2ef576514911006ee3b9b0b1977c80343b3ce74ee397d176cde2d518300e7417"
