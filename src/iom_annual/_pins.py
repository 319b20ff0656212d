"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "d1da5406b1549b45c0ce75639f21078f77cefdba79a521226bdcc15b58d4c83c"
