from django.db import models


class RateLimitCounter(models.Model):
    """Attempts by one client in one scope during its current window (see ``vaekstcenter.spam``).

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
