"""Form definitions: load YAML, validate it, and expose a typed model."""
