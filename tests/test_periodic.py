import pytest
from django_tasks_db.models import DBTaskResult

from vaekstcenter import periodic

pytestmark = pytest.mark.django_db

PATH = "vaekstcenter.periodic.run_periodic_jobs"


def test_one_run_is_always_waiting_after_migrate():
    periodic.ensure_scheduled()
    periodic.ensure_scheduled()
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
