"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "3bad56b5bece29d96afcc1e46e5fefd70e93f3b5f036b146162d6efbc6a537e9"
