from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

DELIVERY_TASK_PATH = "vaekstcenter.mail.deliver_email"


class MailManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(task_path=DELIVERY_TASK_PATH)


class Mail(DBTaskResult):
    """A queued e-mail as staff see it: one delivery task of ``vaekstcenter.mail``."""

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
        return lines[-1].removeprefix("vaekstcenter.mail.MailNotDelivered: ") if lines else ""
