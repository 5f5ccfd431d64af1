from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from api.urls import v1_patterns
from vaekstcenter import views
from vaekstcenter.staff_desk import with_staff_desk

admin.site.site_header = _("Vækstcenter: administration")
admin.site.site_title = _("Vækstcenter")
admin.site.index_title = _("Oversigt")
# Staff sign in through allauth (rate limits, two-factor), never the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)
# The front page opens on the signed-in staff member's own work, above the apps.
admin.site.index = with_staff_desk(admin.site.index)
admin.site.index_template = "admin/staff_index.html"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    *v1_patterns,
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("registrering/", include("registry.urls")),
    path("tal/", include("registry.numbers_urls")),
    path("raadgivning/", include("guidance.urls")),
    path("arrangementer/", include("events.urls")),
    path("netvaerk/", include("network.urls")),
    path("nyhedsbrev/", include("newsletter.urls")),
    path("kommuner/", include("geography.urls")),
    path("api/", include("api.urls")),
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    # Admin links in mails sent before guidance's Request was renamed Enquiry (the old name is
    # meant: enquiry-rename: leave alone).
    path(
        "admin/guidance/request/<path:rest>",
        RedirectView.as_view(url="/admin/guidance/enquiry/%(rest)s", query_string=True),
        name="enquiry_admin_moved",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "vaekstcenter.views.bad_request"
handler404 = "vaekstcenter.views.page_not_found"
handler403 = "vaekstcenter.views.permission_denied"
handler500 = "vaekstcenter.views.server_error"
