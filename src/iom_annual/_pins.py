"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "82263021b7ed471dea8002b3e4c2522a43378b99935415fd3fcd7f459cc5af6b"
