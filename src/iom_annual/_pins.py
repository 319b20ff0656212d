"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "c5da0cb6bd6f93dcd2b3203380237ad38ec4804b6e2b94a769e9261d6b96e2f5"
