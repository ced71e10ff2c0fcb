"""Fixtures shared by the whole suite: users per role, and the `world` the access matrix uses."""

import copy
import os
import shutil
import types

import pytest
from django.contrib.auth.models import Group

from portal.models import Role

from .portal.factories import UserFactory

# Playwright drives a browser from the test thread while live_server serves Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _media_settings(root) -> dict:
    """MEDIA_ROOT and the two file storages under `root`."""
    from django.conf import settings

    return {
        "MEDIA_ROOT": root,
        "STORAGES": {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root / "private"), "base_url": None},
            },
            "public": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root / "public"), "base_url": "/media/public/"},
            },
        },
    }


# The media folder of the module's shared world while one is set up (see `module_world`).
_SHARED_MEDIA: list = []


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the developer's media/. A test on the
    module's shared world starts with a copy of the files that world saved."""
    root = tmp_path / "media"
    if _SHARED_MEDIA and _SHARED_MEDIA[-1].exists():
        shutil.copytree(_SHARED_MEDIA[-1], root, dirs_exist_ok=True)
    for name, value in _media_settings(root).items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def signing_demo_dir(tmp_path_factory):
    """The demo CA and Department certificate, made once per run (portal/signing_demo.py)."""
    from portal.signing_demo import write_demo_credentials

    directory = tmp_path_factory.mktemp("demo-signing")
    write_demo_credentials(directory)
    return directory


@pytest.fixture(autouse=True)
def _demo_signing(settings, signing_demo_dir):
    """Documents are signed with the demo certificate, as in development."""
    settings.SIGNING_DEMO_DIR = signing_demo_dir


@pytest.fixture(autouse=True)
def _eager_celery_unless_real_worker(request):
    """Tasks run in-process in tests, even where REDIS_URL is set (CI), so a test sees their
    effects (e-mails, files) at once; tests marked `worker` or `e2e` use a real worker."""
    from portal.celery import app

    real_worker = request.node.get_closest_marker("worker") or request.node.get_closest_marker(
        "e2e"
    )
    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = not real_worker
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
    # Eager tasks run in several threads at once (the concurrency tests) can leave Celery's
    # process-wide "inside a task" flag set, and a later `result.get()` would then refuse.
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


_REFERENCE_DATA: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _restore_reference_data(request):
    """Transactional tests (browser journeys, real workers) end with a flush that also wipes
    what data migrations created (role groups, catalogs, indicators). Snapshot that data before
    the first flush and load it back when a later transactional test finds it gone.

    Django's own `serialized_rollback` keeps its snapshot on the thread's connection object,
    which Playwright's event loop does not see, so it cannot be relied on here."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    if "snapshot" not in _REFERENCE_DATA:
        _REFERENCE_DATA["snapshot"] = _serialize_reference_data()
    else:
        _load_reference_data_if_flushed()
    # The flush comes after this fixture's teardown: `pytest_runtest_teardown` loads the data
    # back once the test is torn down.
    request.node.stash[_FLUSHES_DATABASE] = request.getfixturevalue("django_db_blocker")
    yield


_FLUSHES_DATABASE = pytest.StashKey[object]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, load the reference data back at once, so that any
    later test finds the database as migrated. Run in one process, pytest-django puts the
    transactional tests last; spread over pytest-xdist workers, a worker runs a file of
    ordinary tests after a browser journey's, and those need the role groups and catalogs."""
    try:
        return (yield)
    finally:
        blocker = item.stash.get(_FLUSHES_DATABASE, None)
        if blocker is not None and nextitem is not None:
            with blocker.unblock():
                _load_reference_data_if_flushed()


def _load_reference_data_if_flushed() -> None:
    from django.contrib.auth.models import Group
    from django.db import connection

    if "snapshot" in _REFERENCE_DATA and not Group.objects.exists():
        connection.creation.deserialize_db_from_string(_REFERENCE_DATA["snapshot"])


def _serialize_reference_data() -> str:
    """Every row of every model, in dependency order, except content types and permissions,
    which the flush's post_migrate signal recreates by itself."""
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers

    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    models = [
        model
        for model in serializers.sort_dependencies(app_list)
        if model not in (ContentType, Permission) and model._meta.managed and not model._meta.proxy
    ]
    objects = (
        obj for model in models for obj in model._default_manager.order_by(model._meta.pk.name)
    )
    return serializers.serialize("json", objects)


# --- Spreading the suite over processes (pytest-xdist, `make test`) --------------------------
# Each worker has its own test database (pytest-django: test_<name>_gw0, …), Redis database
# (portal/settings_test.py), temporary folders and free ports. Tests are handed out a file at
# a time, so a module's shared world (`module_world`) is built once, by one worker. The browser
# journeys and the live provincial portals (a Chromium, a live server and a Celery worker; three
# gunicorns) form one unit that a single worker runs, first, while the others share the files.
# (By path: pytest-xdist's own `xdist_group` marks reach its scheduler through the test ids,
# which pytest 9 no longer lets it rename.)
ALONE_GROUP = "browsers-and-servers"
ALONE_PATHS = ("tests/e2e/", "tests/national/test_live_portals.py")


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_Xdist(), "nscl-xdist")


class _Xdist:
    def __init__(self):
        self.fuzzed: list[tuple[str, int]] = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(self, config, log):
        """`--dist loadgroup`: a file at a time, the browsers and servers (ALONE_PATHS) as one
        unit handed out first: it is the longest, and started last it would leave one worker
        running it alone at the end."""
        if config.getvalue("dist") != "loadgroup":
            return None
        from xdist.scheduler import LoadGroupScheduling

        class FileOrGroupScheduling(LoadGroupScheduling):
            def _split_scope(self, nodeid: str) -> str:
                scope = super()._split_scope(nodeid)
                if scope != nodeid:  # an xdist_group mark
                    return scope
                if nodeid.startswith(ALONE_PATHS):
                    return ALONE_GROUP
                return nodeid.split("::", 1)[0]

            def _assign_work_unit(self, node) -> None:
                if ALONE_GROUP in self.workqueue:
                    self.workqueue.move_to_end(ALONE_GROUP, last=False)
                super()._assign_work_unit(node)

        return FileOrGroupScheduling(config, log)

    def pytest_testnodedown(self, node, error):
        """What a worker's hostile walks fuzzed (tests/quality/conftest.py)."""
        output = getattr(node, "workeroutput", {})
        self.fuzzed.extend(tuple(pair) for pair in output.get("hostile_fuzzed", []))

    def pytest_terminal_summary(self, terminalreporter):
        from tests.quality.conftest import hostile_summary

        line = hostile_summary(self.fuzzed)
        if line:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _default_language():
    """Requests leave their language active in the thread (LocaleMiddleware does not reset it),
    so a test that switched to English would leak into the next one: start each test in the
    site's default language."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for alias in ("default", "ratelimit"):  # the shared cache and the rate limits' counts
        caches[alias].clear()
    yield
    for alias in ("default", "ratelimit"):
        caches[alias].clear()


def make_user(role: str | None, email: str, **extra):
    user = UserFactory(email=email, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff_user(db):
    return make_user(Role.PROGRAM_STAFF, "staff@example.vn", full_name="Cán bộ Sở")


@pytest.fixture
def official_user(db):
    return make_user(Role.OFFICIAL, "official@example.vn", full_name="Lãnh đạo tỉnh")


@pytest.fixture
def council_user(db):
    return make_user(Role.COUNCIL_MEMBER, "council@example.vn", full_name="Thành viên hội đồng")


@pytest.fixture
def enterprise_user(db):
    """An enterprise-role user with no organization yet (apps attach one in their fixtures)."""
    return make_user(Role.ENTERPRISE, "rep@example.vn", full_name="Đại diện doanh nghiệp")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def official_client(client, official_user):
    client.force_login(official_user)
    return client


@pytest.fixture
def council_client(client, council_user):
    client.force_login(council_user)
    return client


def build_world() -> types.SimpleNamespace:
    """Everything the access matrix needs: one user per role, two organizations A and B
    with their own representatives, a superuser, a council member assigned to nothing, a
    person acting for both A and B, and each app's objects (see `tests/<app>/access.py`)."""
    w = types.SimpleNamespace()
    w.users = {
        "anonymous": None,
        "staff": make_user(Role.PROGRAM_STAFF, "matrix-staff@example.vn"),
        "official": make_user(Role.OFFICIAL, "matrix-official@example.vn"),
        "council": make_user(Role.COUNCIL_MEMBER, "matrix-council@example.vn"),
        "ent_a": make_user(Role.ENTERPRISE, "matrix-ent-a@example.vn"),
        "ent_b": make_user(Role.ENTERPRISE, "matrix-ent-b@example.vn"),
        "superuser": make_user(None, "matrix-root@example.vn", is_superuser=True, is_staff=True),
        "council_none": make_user(Role.COUNCIL_MEMBER, "matrix-council-none@example.vn"),
        "ent_ab": make_user(Role.ENTERPRISE, "matrix-ent-ab@example.vn"),
    }
    from enterprises.models import Membership

    from .access_matrix import build_world as build_apps_world

    build_apps_world(w)
    # One person acting for both organizations.
    for organization in (w.org_a, w.org_b):
        Membership.objects.get_or_create(
            user=w.users["ent_ab"],
            organization=organization,
            defaults={"status": Membership.Status.ACTIVE},
        )
    return w


@pytest.fixture
def world(db):
    """The world, built for this test alone (see `build_world`)."""
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, signing_demo_dir, tmp_path_factory):
    """The world built once for a module, inside a transaction that stays open until the
    module's last test and is then rolled back. Each test's own transaction (pytest-django's
    `db`) is a savepoint inside it, rolled back after the test: every test starts from the
    same freshly built world, and nothing a test writes reaches the next one.

    For modules of many non-transactional tests that each need the world (the access matrix,
    the hostile-input review): building it per test was the suite's largest cost. A module
    opts in with `world = shared_world` (see `shared_world`); transactional tests cannot use it.
    """
    from django.conf import settings
    from django.core.cache import caches
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    from portal.celery import app

    media = tmp_path_factory.mktemp("shared-world") / "media"
    eager = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    overrides = override_settings(**_media_settings(media), SIGNING_DEMO_DIR=signing_demo_dir)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with overrides, translation.override(settings.LANGUAGE_CODE):
                for alias in ("default", "ratelimit"):
                    caches[alias].clear()
                w = build_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        finally:
            app.conf.task_always_eager, app.conf.task_eager_propagates = eager
    _SHARED_MEDIA.append(media)
    yield w
    _SHARED_MEDIA.remove(media)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    for alias in ("default", "ratelimit"):
        caches[alias].clear()


@pytest.fixture
def shared_world(module_world, db):
    """The module's world (see `module_world`) for one test: the database as it was built
    (the test runs in a savepoint), and fresh copies of its objects, so that a test changing
    one in memory does not change it for the next."""
    return copy.deepcopy(module_world)


def require_service(name: str, available: bool) -> None:
    """Skip when a service is missing locally; fail in CI (REQUIRE_SERVICES=1), where a skip
    would hide that a test never ran against the real thing."""
    if available:
        return
    message = f"{name} is not configured for this run"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(message + " but REQUIRE_SERVICES=1")
    pytest.skip(message)
