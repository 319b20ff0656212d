"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "c6ec6234c8cda864392c3b3c21170a21fccf66eb3ccc2aedff90264b4f7352fb"
