from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import RecordInline, short_date, user_as_text, with_detail
from core.state_machine import TransitionNotAllowed
from network import services
from network.models import Profile, ProfileChange


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse til ejeren"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class ProfileChangeInline(RecordInline):
    model = ProfileChange
    fields = ["changed_at", "actor_name", "from_status", "to_status", "note"]
    actor_name = user_as_text("changed_by", _("udført af"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    # The kind under the name, the owner under the status: the list fits 1280 px
    # (tests/test_browser_admin_lists.py).
    list_display = ["name_and_kind", "region", "status_and_owner", "is_hidden", "created_on"]
    list_filter = ["status", "kind", "region", "is_hidden", "themes"]
    search_fields = ["name", "about", "offers", "seeks", "owner__email"]
    list_select_related = ["region", "owner"]
    # The owner by name: editors may not open the user admin a linked name leads to.
    readonly_fields = ["owner_text", "status", "is_hidden", "created_at", "updated_at"]
    owner_text = user_as_text("owner", _("ejer"))
    fields = [
        "owner_text",
        "status",
        "is_hidden",
        "kind",
        "name",
        "about",
        "offers",
        "seeks",
        "region",
        "themes",
        "website",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["themes"]
    inlines = [ProfileChangeInline]
    actions = ["approve_profiles", "reject_profiles"]

    def has_add_permission(self, request):
        return False  # owners create profiles on the site

    @admin.display(description=_("navn"), ordering="name")
    def name_and_kind(self, profile):
        return with_detail(profile.name, profile.get_kind_display())

    @admin.display(description=_("status og ejer"), ordering="status")
    def status_and_owner(self, profile):
        return with_detail(profile.get_status_display(), profile.owner)

    @admin.display(description=_("oprettet"), ordering="created_at")
    def created_on(self, profile):
        return short_date(profile.created_at)

    def _review(self, request, queryset, review, done_message):
        done, skipped = 0, 0
        for profile in queryset:
            try:
                review(profile, by=request.user)
                done += 1
            except TransitionNotAllowed:
                skipped += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d profil afventede ikke godkendelse og blev ikke ændret.",
                    "%d profiler afventede ikke godkendelse og blev ikke ændret.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
            )

    @admin.action(description=_("Godkend valgte profiler"), permissions=["change"])
    def approve_profiles(self, request, queryset):
        self._review(
            request,
            queryset,
            services.approve,
            lambda n: ngettext("%d profil godkendt.", "%d profiler godkendt.", n) % n,
        )

    @admin.action(description=_("Afvis valgte profiler"), permissions=["change"])
    def reject_profiles(self, request, queryset):
        """Asks for a reason first; the owner gets it in the e-mail."""
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/network/profile/reject.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Afvis profiler"),
                    "profiles": queryset,
                    "form": form,
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        reason = form.cleaned_data["reason"]
        self._review(
            request,
            queryset,
            lambda profile, by: services.reject(profile, by=by, reason=reason),
            lambda n: ngettext("%d profil afvist.", "%d profiler afvist.", n) % n,
        )
        return None

    def save_model(self, request, obj, form, change):
        services.correct_profile(obj, changed_fields=form.changed_data, by=request.user)
