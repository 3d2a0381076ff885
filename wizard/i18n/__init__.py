"""Language layer: shipped languages, UI and form-content catalogs, MT drafts."""
