"""A form sent twice at once must not end in a 500.

A service checks its unique keys before it inserts (`full_clean`, its own "already registered"
checks), but two posts of the same form at the same moment (a double click, a browser re-sending)
both pass the checks, then both insert, and the second insert hits the unique index: an
IntegrityError, a 500 on PostgreSQL. `save_new` runs the insert in a savepoint and turns a unique
violation into the ValidationError the user would have seen had the requests come one after the
other; by then the first request's row is committed, so the model's own checks find it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def is_unique_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    if getattr(cause, "pgcode", None) == UNIQUE_VIOLATION:
        return True
    sqlstate = getattr(getattr(cause, "diag", None), "sqlstate", None)
    return sqlstate == UNIQUE_VIOLATION or "UNIQUE constraint failed" in str(error)


def save_new(instance, *, duplicate_message: str | dict | None = None, **save_kwargs):
    """Insert `instance`; a unique key taken meanwhile becomes a ValidationError.

    `duplicate_message` replaces the model's own "already exists" message (e.g. the service's
    friendlier one, naming what to do instead)."""
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        if duplicate_message:
            raise ValidationError(duplicate_message) from error
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as duplicate:
            raise duplicate from error
        raise ValidationError(
            _(
                "This record was saved a moment ago, probably by the same form sent twice. "
                "Check the list before entering it again."
            )
        ) from error
    return instance
