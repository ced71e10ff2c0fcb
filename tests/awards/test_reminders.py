"""Deadline reminders: daily, from celery beat, each sent once per person and deadline."""

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from awards import services
from awards.models import Nomination, Reminder
from awards.reminders import deadline_reminders_send
from awards.tasks import send_deadline_reminders_task

from .factories import NominationFactory, assign, member_of, open_cycle

pytestmark = pytest.mark.django_db


def test_the_daily_task_is_scheduled_by_a_migration():
    task = PeriodicTask.objects.get(task="awards.tasks.send_deadline_reminders_task")
    assert task.enabled
    assert task.crontab.hour == "7"
    assert task.crontab.day_of_week == "*"


def test_registration_reminder_reaches_encouraged_organizations_once(
    staff_user, enterprise_user, mailoutbox
):
    today = timezone.localdate()
    cycle = open_cycle(registration_closes=today + dt.timedelta(days=5))
    organization = member_of(enterprise_user)
    services.nomination_encourage(cycle=cycle, organization=organization, by=staff_user)
    # A registered one gets no registration reminder.
    NominationFactory(cycle=cycle)

    assert send_deadline_reminders_task.apply().get() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [enterprise_user.email]
    assert cycle.registration_closes.strftime("%d/%m/%Y") in message.subject
    assert organization.name in message.body

    # Running again the same day, or the next days, sends nothing more.
    assert deadline_reminders_send(today) == 0
    assert deadline_reminders_send(today + dt.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1
    # The last-day reminder is a new one.
    assert deadline_reminders_send(cycle.registration_closes - dt.timedelta(days=1)) == 1
    assert deadline_reminders_send(cycle.registration_closes) == 0
    assert Reminder.objects.filter(recipient=enterprise_user).count() == 2


def _closed(today, **dates):
    values = {
        "registration_opens": today - dt.timedelta(days=30),
        "registration_closes": today - dt.timedelta(days=10),
        "dossier_deadline": today + dt.timedelta(days=30),
        "review_deadline": today + dt.timedelta(days=60),
    }
    values.update(dates)
    return open_cycle(**values)


def test_dossier_reminder_for_registered_but_not_submitted(enterprise_user, mailoutbox):
    today = timezone.localdate()
    cycle = _closed(today, dossier_deadline=today + dt.timedelta(days=7))
    waiting = NominationFactory(cycle=cycle, organization=member_of(enterprise_user))
    from portal.models import Role
    from tests.conftest import make_user

    done_user = make_user(Role.ENTERPRISE, "done@example.vn")
    NominationFactory(
        cycle=cycle, organization=member_of(done_user), status=Nomination.Status.DOSSIER_SUBMITTED
    )
    assert deadline_reminders_send(today) == 1
    assert mailoutbox[0].to == [enterprise_user.email]
    assert waiting.organization.name in mailoutbox[0].body
    assert f"/awards/nominations/{waiting.pk}/" in mailoutbox[0].body


def test_review_reminder_for_council_members_who_have_not_submitted(council_user, mailoutbox):
    today = timezone.localdate()
    cycle = _closed(
        today,
        dossier_deadline=today - dt.timedelta(days=5),
        review_deadline=today + dt.timedelta(days=1),
    )
    assign(NominationFactory(cycle=cycle), council_user)
    assign(NominationFactory(cycle=cycle), council_user)
    assert deadline_reminders_send(today) == 1  # one e-mail per person, not per nomination
    assert mailoutbox[0].to == [council_user.email]


def test_no_reminder_far_from_or_after_a_deadline(enterprise_user, mailoutbox):
    today = timezone.localdate()
    cycle = open_cycle(dossier_deadline=today + dt.timedelta(days=20))
    NominationFactory(cycle=cycle, organization=member_of(enterprise_user))
    assert deadline_reminders_send(today) == 0
    assert deadline_reminders_send(cycle.dossier_deadline + dt.timedelta(days=1)) == 0
    assert not mailoutbox


def test_a_moved_deadline_is_announced_again(enterprise_user, mailoutbox):
    today = timezone.localdate()
    cycle = _closed(today, dossier_deadline=today + dt.timedelta(days=3))
    NominationFactory(cycle=cycle, organization=member_of(enterprise_user))
    assert deadline_reminders_send(today) == 1
    services.award_cycle_update(by=None, cycle=cycle, dossier_deadline=today + dt.timedelta(days=6))
    assert deadline_reminders_send(today) == 1
    assert len(mailoutbox) == 2
