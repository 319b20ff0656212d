"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "e43d1edbcc45fcbbf3c63020ce33fed68979ecd6a9d7fef727db3efce71d82c4"
