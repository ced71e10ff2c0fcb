"""Views of the national roll-up, split by resource."""
