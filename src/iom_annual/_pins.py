"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "3d29463dfeb1ad29b3b88ea694a55f9ed851cad628cf856972e19fa1c177c9e8"
