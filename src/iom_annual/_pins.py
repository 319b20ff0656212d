"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "b9ba12ab8ec0a4a117a1b956568a42fb97cf451bfd2bc54137cb9321f285433a"
