"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "f82c9e5a5d46642aaa952404e1a811dedb4d7b731ff43256e6d4a6c3beaa05ad"
