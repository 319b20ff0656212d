"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "8494482a1faf093fe6e05796fcab772179873ac743717e0204442d84e2891b2a"
