"""Rendering the model to HTML and XHTML with Jinja templates."""
