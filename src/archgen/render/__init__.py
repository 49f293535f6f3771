"""Render stage: Model -> bytes (DOT, SVG, PNG, Markdown). Nothing here writes to disk."""
