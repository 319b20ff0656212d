"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "6d36f5d9781787250b0c8baca40a2a176bb518c3e72ca434621c1a02a5713284"
