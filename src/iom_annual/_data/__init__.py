"""The bundled files and their metadata: registry, loader, pinned hash, checks, catalog."""
