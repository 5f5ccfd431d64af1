from django import template

from events.selectors import upcoming_events

register = template.Library()


@register.inclusion_tag("events/_teaser.html")
def upcoming_events_teaser(count: int = 3) -> dict:
    """The next few events, for pages outside the events app (the home page)."""
    return {"events": list(upcoming_events()[:count])}
