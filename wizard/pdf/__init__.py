"""PDF layer: fill official AcroForm PDFs, overlay text on flat forms, draw summaries."""
