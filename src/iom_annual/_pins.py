"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "73690b5c2aec675456b6b319046e227532cd020c784e99419d7a258e28a4df6f"
