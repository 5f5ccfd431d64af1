"""Recurring clean-up of data no feature needs any more (run hourly by core.periodic)."""

from django.core.cache import caches
from django.core.management import call_command

from core.cache import PostgresCache
from core.periodic import periodic
from core.rate_limits import delete_ended_windows

# Finished task results hold their arguments, and a mail task's arguments are a whole e-mail:
# keep them long enough to look into a failed delivery, then let them go.
TASK_RESULTS_KEPT_DAYS = 14


@periodic
def clear_expired_sessions() -> None:
    """Expired sessions (and the unsent form drafts in them) are deleted."""
    call_command("clearsessions")


@periodic
def prune_finished_tasks() -> None:
    """Finished and failed background tasks older than two weeks are deleted."""
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=TASK_RESULTS_KEPT_DAYS,
        verbosity=0,
    )


@periodic
def delete_ended_rate_limit_windows() -> None:
    """Counters of rate-limit windows that have ended are deleted."""
    delete_ended_windows()


@periodic
def delete_expired_cache_entries() -> None:
    """Expired rows of the database caches are deleted (the default cache is never culled)."""
    for backend in caches.all(initialized_only=False):
        if isinstance(backend, PostgresCache):
            backend.delete_expired()
