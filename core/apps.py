from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The shared kernel every app builds on; the recurring job runner is kept scheduled.

    The label stays "vaekstcenter", the app these modules were part of until they moved here:
    the table names (``vaekstcenter_ratelimitcounter``), the rows in ``django_migrations``, the
    content types and permissions, and the admin's URLs (``admin:vaekstcenter_mail_…``) of every
    existing database go on as they are, with no migration to rename them.
    """

    name = "core"
    label = "vaekstcenter"
    verbose_name = "Vækstcenter"

    def ready(self) -> None:
        from core import housekeeping  # noqa: F401 - registers its periodic jobs
        from core.periodic import ensure_scheduled

        post_migrate.connect(ensure_scheduled, sender=self)
