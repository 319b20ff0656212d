"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "58c90b2ead8b75ea95a815abd27ba17d8dd91b0edfe3db317a715058efbcb20c"
