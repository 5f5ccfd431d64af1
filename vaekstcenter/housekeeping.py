"""Recurring clean-up of data no feature needs any more (run hourly by vaekstcenter.periodic)."""

from django.core.management import call_command

from vaekstcenter.periodic import periodic

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
