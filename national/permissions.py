"""Who may use the national pages: officials and program staff of the national office read
the dashboard, province pages and the national report; program staff keep the register and
start pulls. Outside national mode none of the pages exists (404)."""

from functools import wraps

from django.conf import settings
from django.http import Http404

from portal.permissions import can_read_monitoring, can_use_staff_workspace, require


def national_mode(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.NATIONAL_MODE:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def can_read_national(user) -> tuple[bool, str]:
    return can_read_monitoring(user)


def can_manage_register(user, *records) -> tuple[bool, str]:
    """The register of provincial portals and their pulls: program staff (also checked by
    the services that change them)."""
    return can_use_staff_workspace(user)


def national_reader(view):
    return national_mode(require(can_read_national)(view))


def register_keeper(view):
    return national_mode(require(can_manage_register)(view))
