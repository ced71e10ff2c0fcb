"""Views of the reports app, split by resource."""
