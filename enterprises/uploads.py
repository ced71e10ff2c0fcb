"""Evidence files go through the project's one upload check (portal.uploads): the real type
read from the content, archives refused, the size limited."""

from portal.uploads import ACCEPT_ATTRIBUTE, validate_document


def check_evidence_file(uploaded) -> str:
    """Return the content type to store, or raise ValidationError with a clear message."""
    return validate_document(uploaded).content_type


__all__ = ["ACCEPT_ATTRIBUTE", "check_evidence_file"]
