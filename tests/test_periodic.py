import pytest
from django_tasks_db.models import DBTaskResult

from core import periodic

pytestmark = pytest.mark.django_db

PATH = "core.periodic.run_periodic_jobs"


def test_one_run_is_always_waiting_after_migrate():
    periodic.ensure_scheduled()
    periodic.ensure_scheduled()
    assert DBTaskResult.objects.filter(task_path=PATH, status="READY").count() == 1


def test_migrate_schedules_the_first_run():
    """Django sends post_migrate only to apps with a models module; core needs one."""
    from django.core.management.sql import emit_post_migrate_signal

    DBTaskResult.objects.filter(task_path=PATH).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert DBTaskResult.objects.filter(task_path=PATH, status="READY").count() == 1


def test_jobs_run_and_a_failing_job_does_not_stop_the_others(monkeypatch, run_tasks):
    calls = []

    def failing():
        raise RuntimeError("boom")

    monkeypatch.setattr(periodic, "_jobs", {"a": failing, "b": lambda: calls.append("b")})
    DBTaskResult.objects.filter(task_path=PATH).delete()
    periodic.run_periodic_jobs.enqueue()
    run_tasks()
    assert calls == ["b"]
    finished = DBTaskResult.objects.get(task_path=PATH, status="SUCCESSFUL")
    assert finished.return_value == {"a": "failed", "b": "ok"}
    # ... and it queued its next run for later.
    waiting = DBTaskResult.objects.get(task_path=PATH, status="READY")
    assert waiting.run_after > finished.finished_at


def test_housekeeping_deletes_expired_sessions_and_old_finished_tasks(run_tasks):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core import housekeeping

    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + timedelta(1))
    periodic.run_periodic_jobs.enqueue()
    run_tasks()
    DBTaskResult.objects.filter(status="SUCCESSFUL").update(finished_at=now - timedelta(15))
    recent = periodic.run_periodic_jobs.enqueue()
    run_tasks()

    housekeeping.clear_expired_sessions()
    housekeeping.prune_finished_tasks()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    kept = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert [str(pk) for pk in kept.values_list("id", flat=True)] == [recent.id]
    assert "core.housekeeping.prune_finished_tasks" in periodic.registered_jobs()
