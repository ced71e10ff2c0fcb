"""Access rows for the portal's public site and staff pages (news, policies, communication)."""

from tests.access_matrix import Row  # noqa: F401

ROWS: list = []


def build_world(w) -> None:
    pass
