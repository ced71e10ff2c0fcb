"""Signing in with an e-mail address and a password (Django's ModelBackend), with the user row
and its roles kept in each process between two changes of the records.

Every page of a signed-in person loads their row and their roles (groups): two queries before
the page does anything. The row and the role names are kept per process under a generation that
moves with every write to the user table, its group memberships and permissions, so a changed
password, a deactivation or a new role applies to the very next request. Each request gets
its own `User` instance built from the kept values."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.signals import setting_changed

from . import fragments

_USERS = fragments.ProcessMemo(size=1000)
setting_changed.connect(_USERS.clear)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        key = (str(user_id), fragments.users_generation())
        kept = _USERS.get(key)
        if kept is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            fields = [f.attname for f in user._meta.concrete_fields]
            kept = (
                fields,
                [getattr(user, name) for name in fields],
                frozenset(user.groups.values_list("name", flat=True)),
            )
            _USERS.put(key, kept)
        fields, values, roles = kept
        user = get_user_model().from_db("default", fields, values)
        user._role_names = set(roles)
        return user
