"""One way to move a record from status to status: a table of guarded transitions.

An app declares its moves once, as a ``StateMachine`` of named ``Transition``s, and its services
call ``move``; the table is the only place that says which status may follow which::

    CASE = StateMachine(
        {
            Action.TAKE: Transition((Status.SUBMITTED,), Status.UNDER_REVIEW, actor=HANDLER),
            Action.REGISTER: Transition((Status.UNDER_REVIEW,), Status.REGISTERED, actor=HANDLER),
        },
        version_field="version",  # optional: optimistic locking on a counter column
        refused_message=_("Sagen kan ikke ændres fra status »%(status)s«."),
    )

    from_status = CASE.move(application, Action.TAKE, expected_version=seen, extra={...})

``move`` checks the name against the record's current status (``check``), then writes the new
status with one conditional ``UPDATE ... WHERE pk = … AND status = <current>`` (and ``AND version =
<expected>`` when the machine has a version column, which it also counts up). If no row matched,
someone else moved the record since the caller read it, and nothing is written: two people cannot
decide one record at once, without holding a row lock across a form. The instance is refreshed
from the database afterwards and the status it came from is returned, for the app's history row.

Every refusal is a ``TransitionNotAllowed`` whose message is for the person (a Danish sentence), so
views catch that one type and show it; ``ConcurrentChange`` is the subclass for a lost race.

- ``allowed(obj, actor=None)``: the names that may be taken now (by that kind of actor), for
  offering only those buttons.
- ``refusals(obj, actor=None)``: those names with why each is refused now ("" if it is not), for
  offering only the moves a person can make and saying why the others are not offered.
- ``check(obj, name)``: the ``Transition``, or ``TransitionNotAllowed``; use it to refuse early.
- ``Transition.actor`` is a free label ("applicant", "handler", "editor") the app checks itself;
  ``guard`` is an optional ``callable(obj) -> str`` that returns why the move is refused (empty
  when it is allowed), for preconditions beyond the status (all criteria assessed, and so on).

Every app guards its status changes this way (registry cases and representations, portal
articles, guidance enquiries, event registrations, network profiles). Where the workflow is "move
to that status" rather than a named action, the table is keyed by the target status. An app whose
service already holds a row lock (``select_for_update``) and writes more than the status calls
``check`` and saves itself; the rest call ``move``.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext_lazy as _


class TransitionNotAllowed(Exception):
    """The move is not allowed from the record's status, or a precondition fails."""


class ConcurrentChange(TransitionNotAllowed):
    """Someone else changed the record since the caller read it."""


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    actor: str = ""
    guard: Callable[[object], str] | None = None


@dataclass(frozen=True)
class StateMachine:
    transitions: dict[Hashable, Transition]
    status_field: str = "status"
    version_field: str | None = None
    # The person's messages; ``%(status)s`` is the current status's label, ``%(target)s`` the
    # label of the status the move leads to.
    refused_message: str = _("Det kan ikke ændres fra status »%(status)s«.")
    concurrent_message: str = _(
        "Det er blevet ændret af en anden, siden du åbnede det. Genindlæs siden og prøv igen."
    )

    def allowed(self, obj, actor: str | None = None) -> list:
        status = getattr(obj, self.status_field)
        return [
            name
            for name, move in self.transitions.items()
            if status in move.sources and (actor is None or move.actor == actor)
        ]

    def refusals(self, obj, actor: str | None = None) -> dict:
        """Each move open from the record's status (for that kind of actor), with why its guard
        refuses it now, or "" when it may be taken: offer the latter, explain the former."""
        return {
            name: (self.transitions[name].guard(obj) if self.transitions[name].guard else "")
            for name in self.allowed(obj, actor)
        }

    def check(self, obj, name) -> Transition:
        """The move called ``name``, if it may be taken now; an unknown name is refused too."""
        move = self.transitions.get(name)
        if move is None or getattr(obj, self.status_field) not in move.sources:
            labels = dict(obj._meta.get_field(self.status_field).flatchoices)
            target = move.target if move else name
            raise TransitionNotAllowed(
                str(self.refused_message)
                % {
                    "status": labels.get(getattr(obj, self.status_field), ""),
                    "target": labels.get(target, target),
                }
            )
        reason = move.guard(obj) if move.guard else ""
        if reason:
            raise TransitionNotAllowed(reason)
        return move

    def move(self, obj, name, *, expected_version: int | None = None, extra: dict | None = None):
        """Write the move (with ``extra`` columns) if nobody moved the record first; returns
        the status it came from."""
        move = self.check(obj, name)
        current = getattr(obj, self.status_field)
        where = {"pk": obj.pk, self.status_field: current}
        changes = {self.status_field: move.target, **(extra or {})}
        if self.version_field:
            seen = (
                getattr(obj, self.version_field) if expected_version is None else expected_version
            )
            where[self.version_field] = seen
            changes[self.version_field] = F(self.version_field) + 1
        if not type(obj)._default_manager.filter(**where).update(**changes):
            raise ConcurrentChange(str(self.concurrent_message))
        obj.refresh_from_db()
        return current
