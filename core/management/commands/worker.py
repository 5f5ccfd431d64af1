"""django-tasks-db's worker (``db_worker``), kept running through a database outage.

``db_worker`` stops with a traceback when the database goes away, and the task it was running
stays "running" for ever. This command runs the same worker and, when the database is lost,
waits and starts it again (1 s, doubling, at most a minute apart). Each start first puts back
in the queue the tasks a worker that died left running (started more than ``STALE_AFTER`` ago:
every task here takes seconds), and makes sure the periodic run is waiting.
"""

import datetime as dt
import logging
import time

from django.db import connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.models import DBTaskResult

from core.outage import OUTAGE_ERRORS
from core.periodic import ensure_scheduled

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=10)
LONGEST_WAIT = 60


def requeue_interrupted_tasks() -> int:
    stale = DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - STALE_AFTER)
    count = stale.update(status="READY")
    if count:
        logger.warning("Queued %s interrupted task(s) again", count)
    return count


class Command(DBWorkerCommand):
    help = "Run the background task worker; it waits out a database outage."
    # The checks query the database before handle(); migrate runs them at every deploy.
    requires_system_checks = []

    def handle(self, *args, **options):
        wait = 1
        while True:
            try:
                requeue_interrupted_tasks()
                ensure_scheduled()
                return super().handle(*args, **options)
            except OUTAGE_ERRORS as error:
                logger.warning("Database unavailable (%s); worker again in %s s", error, wait)
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
