"""Recurring background jobs on the task queue, with no cron.

Apps register idempotent jobs with ``@periodic`` (import the module in ``AppConfig.ready``). One
task, ``run_periodic_jobs``, runs them all and queues itself again ``PERIODIC_INTERVAL`` later, so a
running ``db_worker`` is all a deployment needs. ``ensure_scheduled`` (after every migrate) makes
sure exactly one run is waiting. Jobs must be safe to run at any time and more than once: they
act on what is due ("reminders not yet sent whose date has come"), not on the clock.
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

PERIODIC_INTERVAL = dt.timedelta(hours=1)
_jobs: dict[str, Callable[[], object]] = {}


def periodic(job: Callable[[], object]) -> Callable[[], object]:
    _jobs[f"{job.__module__}.{job.__qualname__}"] = job
    return job


def registered_jobs() -> dict[str, Callable[[], object]]:
    return dict(_jobs)


def run_jobs() -> dict[str, str]:
    """Run every registered job; one failing job does not stop the others."""
    outcome = {}
    for name, job in _jobs.items():
        try:
            job()
            outcome[name] = "ok"
        except Exception:
            logger.exception("Periodic job %s failed", name)
            outcome[name] = "failed"
    return outcome


@task()
def run_periodic_jobs() -> dict[str, str]:
    try:
        return run_jobs()
    finally:
        run_periodic_jobs.using(run_after=timezone.now() + PERIODIC_INTERVAL).enqueue()


def ensure_scheduled(**kwargs) -> None:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY", task_path=run_periodic_jobs.module_path)
    if not waiting.exists():
        run_periodic_jobs.enqueue()
