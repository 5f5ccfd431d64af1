from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

DELIVERY_TASK_PATH = "core.mail.deliver_email"
# Tracebacks of deliveries that failed before the kernel moved to core/ name the old module.
FAILURE_PREFIXES = (
    "core.mail.MailNotDelivered: ",
    "vaekstcenter.mail.MailNotDelivered: ",  # legacy path
)


class MailManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(task_path=DELIVERY_TASK_PATH)


class Mail(DBTaskResult):
    """A queued e-mail as staff see it: one delivery task of ``core.mail``."""

    objects = MailManager()

    class Meta:
        proxy = True
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    @property
    def message(self) -> dict:
        return self.args_kwargs["args"][0]

    @property
    def failure(self) -> str:
        """The last line of the traceback: the kind of failure (see ``mail.describe_failure``)."""
        lines = self.traceback.strip().splitlines()
        last = lines[-1] if lines else ""
        for prefix in FAILURE_PREFIXES:
            last = last.removeprefix(prefix)
        return last


class RateLimitCounter(models.Model):
    """Attempts by one client in one scope during its current window (see ``core.rate_limits``).

    Kept apart from the caches, so that nothing but the housekeeping job, once the window has
    ended, ever removes a count.
    """

    scope = models.CharField(max_length=64)
    client = models.CharField(max_length=64)  # a keyed hash of the address, never the address
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "client"], name="one_counter_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
