from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Arrangementer")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts import gdpr
        from events import (
            jobs,  # noqa: F401 - registers the reminder job
            privacy,
        )
        from events.models import Event
        from portal.page_cache import bump_content_version

        # The home page (cached for readers) lists the next events.
        def refresh_cached_pages(**kwargs):
            bump_content_version()

        for signal in (post_save, post_delete):
            signal.connect(refresh_cached_pages, sender=Event, weak=False)
        m2m_changed.connect(refresh_cached_pages, sender=Event.themes.through, weak=False)
        gdpr.register("arrangementer", export=privacy.personal_data, erase=privacy.erase)
