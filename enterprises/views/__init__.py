"""Views of the enterprises app, split by resource."""
