"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "4dd6bbff975ee15cd1e5f13d6443639d2b35dbfd8e36747976aecd24fbc8fb9b"
