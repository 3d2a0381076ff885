"""Web layer: Flask views, templates and static files. Thin: rules live in the engine."""
