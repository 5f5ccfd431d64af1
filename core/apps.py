from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VaekstcenterConfig(AppConfig):
    """Project-wide behaviour: the recurring job runner is kept scheduled."""

    name = "vaekstcenter"
    verbose_name = "Vækstcenter"

    def ready(self) -> None:
        from vaekstcenter import housekeeping  # noqa: F401 - registers its periodic jobs
        from vaekstcenter.periodic import ensure_scheduled

        post_migrate.connect(ensure_scheduled, sender=self)
