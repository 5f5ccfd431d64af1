"""Every URL of the site, tried by every kind of visitor, against the answer each should get.

The URLs come from the URL configuration, so a new URL without a line in ``EXPECTED`` fails
``test_every_url_has_an_expected_answer``. Path parameters are filled from one set of objects
(``world``). Each request runs in a savepoint that is rolled back, with the client's cookies
restored, so a POST (sent where a view answers GET with 405) changes nothing for the next one.

Staff roles use sessions verified with the second factor. Every answer a staff role gets only
because of its staff permission (200 for that role, and for no visitor without a staff role) is
asked again with an unverified session of the same user, which must be sent to verify.

Answers: a status code, or where a redirect goes: ``login`` (the sign-in page), ``admin`` (the
admin's sign-in, which passes on to ``login``), ``302`` (anywhere else).
"""

import copy
import re
from dataclasses import dataclass, field

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from accounts import roles
from accounts.services import ensure_verified_user
from core import secret_links

ROLES = ("anonymous", "applicant", "other", "editor", "handler", "adviser", "superuser")
STAFF_ROLES = ROLES[3:]
PASSWORD = "matrix-Password-2026"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# URL name (or, for unnamed URLs, its route) -> answers for the ROLES, in order.
# "other" represents another enterprise; "applicant" owns the case, profile and documents.
EXPECTED = {
    "healthz": "200 200 200 200 200 200 200",
    # The knowledge portal: public, but drafts (preview, images) only for editors.
    "portal:home": "200 200 200 200 200 200 200",
    "portal:knowledge": "200 200 200 200 200 200 200",
    "portal:theme": "200 200 200 200 200 200 200",
    "portal:start_here": "302 302 302 302 302 302 302",  # no path chosen: the audience's list
    "portal:history": "200 200 200 200 200 200 200",
    "portal:article_preview": "login 403 403 200 403 403 200",
    "portal:hero_image": "404 404 404 200 404 404 200",
    "portal:article": "200 200 200 200 200 200 200",
    "portal:search": "200 200 200 200 200 200 200",
    "portal:about": "200 200 200 200 200 200 200",
    "portal:accessibility": "200 200 200 200 200 200 200",
    "portal:privacy": "200 200 200 200 200 200 200",
    "portal:news_feed": "200 200 200 200 200 200 200",
    "portal:news_feed_atom": "200 200 200 200 200 200 200",
    "portal:sitemap": "200 200 200 200 200 200 200",
    "portal:sitemap_section": "200 200 200 200 200 200 200",
    "portal:robots": "200 200 200 200 200 200 200",
    # The municipalities' pages: public.
    "geography:index": "200 200 200 200 200 200 200",
    "geography:municipality": "200 200 200 200 200 200 200",
    # Registration: the case and its documents for its representatives; documents also for
    # case handlers.
    "registry:index": "200 200 200 200 200 200 200",
    "registry:self_test": "200 200 200 200 200 200 200",
    "registry:register": "200 200 200 200 200 200 200",
    "registry:open_data": "200 200 200 200 200 200 200",
    "registry:register_csv": "200 200 200 200 200 200 200",
    "registry:register_json": "200 200 200 200 200 200 200",
    "registry:register_spreadsheet": "200 200 200 200 200 200 200",
    "registry:enterprise": "200 200 200 200 200 200 200",
    "registry:apply": "login 200 200 200 200 200 200",
    "registry:apply_resume": "login 302 404 404 404 404 404",
    "registry:apply_step": "login 302 404 404 404 404 404",
    "registry:my_cases": "login 200 200 200 200 200 200",
    "registry:case": "login 200 404 404 404 404 404",
    "registry:receipt": "login 200 404 404 404 404 404",
    "registry:receipt_pdf": "login 200 404 404 404 404 404",
    "registry:withdraw": "login 302 404 404 404 404 404",
    "registry:report_change": "login 200 404 404 404 404 404",
    "registry:reapply": "login 302 404 404 404 404 404",
    "registry:social_account": "login 200 404 404 404 404 404",
    "registry:document": "login 200 404 404 200 404 200",
    "registry:representatives": "login 200 404 404 404 404 404",
    "registry:revoke_invitation": "login 302 404 404 404 404 404",
    "registry:accept_invitation": "login 403 403 403 403 403 403",
    # A claim's proof: its author and the case handlers.
    "registry:evidence": "login 404 200 404 200 404 200",
    # The sector in numbers: public, a CSV file per chart.
    "numbers:index": "200 200 200 200 200 200 200",
    "numbers:csv": "200 200 200 200 200 200 200",
    # Decision letters as documents; a hearing is answered by the case's representatives.
    "registry:letter": "login 200 404 404 200 404 200",
    "registry:answer_hearing": "login 302 404 404 404 404 404",
    # Guidance: requests by secure link; statistics for advisers.
    "guidance:index": "200 200 200 200 200 200 200",
    "guidance:ask": "200 200 200 200 200 200 200",
    "guidance:check": "302 302 302 302 302 302 302",
    "guidance:receipt": "302 302 302 302 302 302 302",
    "guidance:confirm": "200 200 200 200 200 200 200",
    "guidance:mine": "login 200 200 200 200 200 200",
    "guidance:case": "200 200 200 200 200 200 200",
    "guidance:rate": "302 302 302 302 302 302 302",
    "guidance:attachment": "200 200 200 200 200 200 200",
    "guidance:open_mine": "login 302 404 404 404 404 404",
    "guidance:my_attachment": "login 200 404 404 404 404 404",
    "guidance:statistics": "login 403 403 403 403 200 200",
    "guidance:statistics_csv": "login 403 403 403 403 200 200",
    # Events.
    "events:index": "200 200 200 200 200 200 200",
    "events:archive": "200 200 200 200 200 200 200",
    "events:feed": "200 200 200 200 200 200 200",
    "events:registration": "200 200 200 200 200 200 200",
    "events:check_email": "200 200 200 200 200 200 200",
    "events:resend_link": "200 200 200 200 200 200 200",
    "events:detail": "200 200 200 200 200 200 200",
    "events:ics": "200 200 200 200 200 200 200",
    # The newsletter: public; the secret link opens one's subscription (and asks before
    # unsubscribing).
    "newsletter:subscribe": "200 200 200 200 200 200 200",
    "newsletter:check_email": "200 200 200 200 200 200 200",
    "newsletter:subscription": "200 200 200 200 200 200 200",
    "newsletter:unsubscribe": "200 200 200 200 200 200 200",
    # The open API: read-only and the same for everyone; /api/v1/ itself is no resource.
    "api:documentation": "200 200 200 200 200 200 200",
    "api_v1_openapi": "200 200 200 200 200 200 200",
    "api-v1:api-root": "404 404 404 404 404 404 404",
    "api-v1:enterprises": "200 200 200 200 200 200 200",
    "api-v1:enterprise": "200 200 200 200 200 200 200",
    "api-v1:enterprise_by_number": "200 200 200 200 200 200 200",
    "api-v1:articles": "200 200 200 200 200 200 200",
    "api-v1:article": "200 200 200 200 200 200 200",
    "api-v1:upcoming_events": "200 200 200 200 200 200 200",
    "api-v1:event": "200 200 200 200 200 200 200",
    "api-v1:numbers": "200 200 200 200 200 200 200",
    # The network: a profile is changed only by its owner (the applicant here).
    "network:index": "200 200 200 200 200 200 200",
    "network:mine": "login 200 200 200 200 200 200",
    "network:create": "login 200 200 200 200 200 200",
    "network:detail": "200 200 200 200 200 200 200",
    "network:contact": "200 200 200 200 200 200 200",
    "network:edit": "login 200 404 404 404 404 404",
    "network:toggle_hidden": "login 302 404 404 404 404 404",
    "network:delete": "login 200 404 404 404 404 404",
    # The account pages (own data only).
    "accounts:overview": "login 200 200 200 200 200 200",
    "accounts:export": "login 200 200 200 200 200 200",
    "accounts:erase": "login 200 200 200 200 200 200",
    # allauth: sign-in, e-mail, password.
    "account_login": "200 302 302 302 302 302 302",
    "account_logout": "302 200 200 200 200 200 200",
    "account_inactive": "200 200 200 200 200 200 200",
    "account_signup": "200 302 302 302 302 302 302",
    "account_reauthenticate": "login 200 200 200 200 200 200",
    "account_email": "login 200 200 200 200 200 200",
    "account_email_verification_sent": "200 200 200 200 200 200 200",
    "account_change_password": "login 200 200 200 200 200 200",
    "account_set_password": "login 302 302 302 302 302 302",
    "account_reset_password": "200 200 200 200 200 200 200",
    "account_confirm_login_code": "login 302 302 302 302 302 302",
    "account_confirm_email": "200 200 200 200 200 200 200",
    "account_reset_password_from_key_done": "200 200 200 200 200 200 200",
    "account_reset_password_from_key": "200 200 200 200 200 200 200",
    "account_reset_password_done": "200 200 200 200 200 200 200",
    # allauth: two-factor (the other representative uses it too).
    "mfa_index": "login 200 200 200 200 200 200",
    "mfa_authenticate": "login 302 302 302 302 302 302",
    "mfa_reauthenticate": "login 302 200 200 200 200 200",
    "mfa_activate_totp": "login 302 302 302 302 302 302",
    "mfa_deactivate_totp": "login 404 200 200 200 200 200",
    "mfa_view_recovery_codes": "login 404 404 404 404 404 404",
    "mfa_generate_recovery_codes": "login 302 200 200 200 200 200",
    "mfa_download_recovery_codes": "login 404 404 404 404 404 404",
    # The admin: staff only, each role its own apps; all of it needs a verified session.
    "admin:index": "admin admin admin 200 200 200 200",
    "admin:login": "login 403 403 302 302 302 302",
    "admin:logout": "302 302 302 200 200 200 200",
    "admin:password_change": "admin admin admin 200 200 200 200",
    "admin:password_change_done": "admin admin admin 200 200 200 200",
    "admin:autocomplete": "admin admin admin 403 403 403 403",
    "admin:jsi18n": "admin admin admin 200 200 200 200",
    "admin:view_on_site": "admin admin admin 302 302 302 302",
    "admin:auth_group_changelist": "admin admin admin 403 403 403 200",
    "admin:auth_group_add": "admin admin admin 403 403 403 200",
    "admin:auth_group_history": "admin admin admin 403 403 403 200",
    "admin:auth_group_delete": "admin admin admin 403 403 403 200",
    "admin:auth_group_change": "admin admin admin 403 403 403 200",
    "admin/auth/group/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:account_emailaddress_changelist": "admin admin admin 403 403 403 200",
    "admin:account_emailaddress_add": "admin admin admin 403 403 403 200",
    "admin:account_emailaddress_history": "admin admin admin 403 403 403 200",
    "admin:account_emailaddress_delete": "admin admin admin 403 403 403 200",
    "admin:account_emailaddress_change": "admin admin admin 403 403 403 200",
    "admin/account/emailaddress/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:mfa_authenticator_changelist": "admin admin admin 403 403 403 200",
    "admin:mfa_authenticator_add": "admin admin admin 403 403 403 200",
    "admin:mfa_authenticator_history": "admin admin admin 403 403 403 200",
    "admin:mfa_authenticator_delete": "admin admin admin 403 403 403 200",
    "admin:mfa_authenticator_change": "admin admin admin 403 403 403 200",
    "admin/mfa/authenticator/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:django_tasks_database_dbtaskresult_changelist": "admin admin admin 403 403 403 200",
    "admin:django_tasks_database_dbtaskresult_add": "admin admin admin 403 403 403 403",
    "admin:django_tasks_database_dbtaskresult_history": "admin admin admin 403 403 403 200",
    "admin:django_tasks_database_dbtaskresult_delete": "admin admin admin 403 403 403 403",
    "admin:django_tasks_database_dbtaskresult_change": "admin admin admin 403 403 403 200",
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": (
        "admin admin admin 302 302 302 302"
    ),
    "admin:auth_user_password_change": "admin admin admin 403 403 403 200",
    "admin:accounts_user_changelist": "admin admin admin 403 403 403 200",
    "admin:accounts_user_add": "admin admin admin 403 403 403 200",
    "admin:accounts_user_history": "admin admin admin 403 403 403 200",
    "admin:accounts_user_delete": "admin admin admin 403 403 403 200",
    "admin:accounts_user_change": "admin admin admin 403 403 403 200",
    "admin/accounts/user/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:geography_region_changelist": "admin admin admin 403 200 200 200",
    "admin:geography_region_add": "admin admin admin 403 403 403 403",
    "admin:geography_region_history": "admin admin admin 403 200 200 200",
    "admin:geography_region_delete": "admin admin admin 403 403 403 403",
    "admin:geography_region_change": "admin admin admin 403 200 200 200",
    "admin/geography/region/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:geography_municipality_changelist": "admin admin admin 403 200 200 200",
    "admin:geography_municipality_add": "admin admin admin 403 403 403 403",
    "admin:geography_municipality_history": "admin admin admin 403 200 200 200",
    "admin:geography_municipality_delete": "admin admin admin 403 403 403 403",
    "admin:geography_municipality_change": "admin admin admin 403 200 200 200",
    "admin/geography/municipality/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:portal_theme_changelist": "admin admin admin 200 403 403 200",
    "admin:portal_theme_add": "admin admin admin 200 403 403 200",
    "admin:portal_theme_history": "admin admin admin 200 403 403 200",
    "admin:portal_theme_delete": "admin admin admin 200 403 403 200",
    "admin:portal_theme_change": "admin admin admin 200 403 403 200",
    "admin/portal/theme/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:portal_audience_changelist": "admin admin admin 200 403 403 200",
    "admin:portal_audience_add": "admin admin admin 200 403 403 200",
    "admin:portal_audience_history": "admin admin admin 200 403 403 200",
    "admin:portal_audience_delete": "admin admin admin 200 403 403 200",
    "admin:portal_audience_change": "admin admin admin 200 403 403 200",
    "admin/portal/audience/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:portal_article_change_status": "admin admin admin 302 302 302 302",
    "admin:portal_article_revisions": "admin admin admin 200 403 403 200",
    "admin:portal_article_compare": "admin admin admin 302 403 403 302",
    "admin:portal_article_restore": "admin admin admin 302 403 403 302",
    "admin:portal_article_changelist": "admin admin admin 200 403 200 200",
    "admin:portal_article_add": "admin admin admin 200 403 403 200",
    "admin:portal_article_history": "admin admin admin 200 403 200 200",
    "admin:portal_article_delete": "admin admin admin 200 403 403 200",
    "admin:portal_article_change": "admin admin admin 200 403 200 200",
    "admin/portal/article/<path:object_id>/": "admin admin admin 302 302 302 302",
    # About, privacy and the accessibility statement: editors change them, nobody adds or deletes.
    "admin:portal_page_revisions": "admin admin admin 200 403 403 200",
    "admin:portal_page_compare": "admin admin admin 302 403 403 302",
    "admin:portal_page_restore": "admin admin admin 302 403 403 302",
    "admin:portal_page_changelist": "admin admin admin 200 403 403 200",
    "admin:portal_page_add": "admin admin admin 403 403 403 403",
    "admin:portal_page_history": "admin admin admin 200 403 403 200",
    "admin:portal_page_delete": "admin admin admin 403 403 403 403",
    "admin:portal_page_change": "admin admin admin 200 403 403 200",
    "admin/portal/page/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:portal_pagerevision_changelist": "admin admin admin 200 403 403 200",
    "admin:portal_pagerevision_add": "admin admin admin 403 403 403 403",
    "admin:portal_pagerevision_history": "admin admin admin 200 403 403 200",
    "admin:portal_pagerevision_delete": "admin admin admin 403 403 403 403",
    "admin:portal_pagerevision_change": "admin admin admin 200 403 403 200",
    "admin/portal/pagerevision/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:portal_articlerevision_changelist": "admin admin admin 200 403 403 200",
    "admin:portal_articlerevision_add": "admin admin admin 403 403 403 403",
    "admin:portal_articlerevision_history": "admin admin admin 200 403 403 200",
    "admin:portal_articlerevision_delete": "admin admin admin 403 403 403 403",
    "admin:portal_articlerevision_change": "admin admin admin 200 403 403 200",
    "admin/portal/articlerevision/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:registry_application_transition": "admin admin admin 403 200 403 200",
    "admin:registry_application_note": "admin admin admin 403 200 403 200",
    "admin:registry_application_changelist": "admin admin admin 403 200 403 200",
    "admin:registry_application_add": "admin admin admin 403 403 403 403",
    "admin:registry_application_history": "admin admin admin 403 200 403 200",
    "admin:registry_application_delete": "admin admin admin 403 403 403 403",
    "admin:registry_application_change": "admin admin admin 403 200 403 200",
    "admin/registry/application/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:registry_enterprise_changelist": "admin admin admin 403 200 403 200",
    "admin:registry_enterprise_add": "admin admin admin 403 403 403 403",
    "admin:registry_enterprise_history": "admin admin admin 403 200 403 200",
    "admin:registry_enterprise_delete": "admin admin admin 403 403 403 403",
    "admin:registry_enterprise_change": "admin admin admin 403 200 403 200",
    "admin/registry/enterprise/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:registry_socialaccount_changelist": "admin admin admin 403 200 403 200",
    "admin:registry_socialaccount_add": "admin admin admin 403 403 403 403",
    "admin:registry_socialaccount_history": "admin admin admin 403 200 403 200",
    "admin:registry_socialaccount_delete": "admin admin admin 403 403 403 403",
    "admin:registry_socialaccount_change": "admin admin admin 403 200 403 200",
    "admin:registry_socialaccount_review": "admin admin admin 403 200 403 200",
    "admin/registry/socialaccount/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:registry_socialaccount_letter": "admin admin admin 403 200 403 200",
    "admin:registry_application_hearing": "admin admin admin 403 200 403 200",
    # The matrix's case has no hearing to close: back to the case with a message.
    "admin:registry_application_close_hearing": "admin admin admin 403 302 403 302",
    "admin:registry_supervisioncase_action": "admin admin admin 403 200 403 200",
    "admin:registry_supervisioncase_changelist": "admin admin admin 403 200 403 200",
    "admin:registry_supervisioncase_add": "admin admin admin 403 403 403 403",
    "admin:registry_supervisioncase_history": "admin admin admin 403 200 403 200",
    "admin:registry_supervisioncase_delete": "admin admin admin 403 403 403 403",
    "admin:registry_supervisioncase_change": "admin admin admin 403 200 403 200",
    "admin/registry/supervisioncase/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:guidance_enquiry_reply": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_note": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_refer": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_assign": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_status": "admin admin admin 403 403 302 302",
    "admin:guidance_personal_data": "admin admin admin 403 403 200 200",
    "admin:guidance_attachment": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_changelist": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_add": "admin admin admin 403 403 403 403",
    "admin:guidance_enquiry_history": "admin admin admin 403 403 200 200",
    "admin:guidance_enquiry_delete": "admin admin admin 403 403 403 403",
    "admin:guidance_enquiry_change": "admin admin admin 403 403 200 200",
    "admin/guidance/enquiry/<path:object_id>/": "admin admin admin 302 302 302 302",
    "enquiry_admin_moved": "302 302 302 302 302 302 302",
    "admin:guidance_datarequestlog_changelist": "admin admin admin 403 403 200 200",
    "admin:guidance_datarequestlog_add": "admin admin admin 403 403 403 403",
    "admin:guidance_datarequestlog_history": "admin admin admin 403 403 200 200",
    "admin:guidance_datarequestlog_delete": "admin admin admin 403 403 403 403",
    "admin:guidance_datarequestlog_change": "admin admin admin 403 403 200 200",
    "admin/guidance/datarequestlog/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:events_event_changelist": "admin admin admin 200 403 403 200",
    "admin:events_event_add": "admin admin admin 200 403 403 200",
    "admin:events_event_history": "admin admin admin 200 403 403 200",
    "admin:events_event_delete": "admin admin admin 200 403 403 200",
    "admin:events_event_change": "admin admin admin 200 403 403 200",
    "admin/events/event/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:events_registration_changelist": "admin admin admin 200 403 403 200",
    "admin:events_registration_add": "admin admin admin 403 403 403 403",
    "admin:events_registration_history": "admin admin admin 200 403 403 200",
    "admin:events_registration_delete": "admin admin admin 403 403 403 403",
    "admin:events_registration_change": "admin admin admin 200 403 403 200",
    "admin/events/registration/<path:object_id>/": "admin admin admin 302 302 302 302",
    # Subscriptions: editors see them and their counts; nobody adds or edits one here.
    "admin:newsletter_subscription_changelist": "admin admin admin 200 403 403 200",
    "admin:newsletter_subscription_add": "admin admin admin 403 403 403 403",
    "admin:newsletter_subscription_history": "admin admin admin 200 403 403 200",
    "admin:newsletter_subscription_delete": "admin admin admin 200 403 403 200",
    "admin:newsletter_subscription_change": "admin admin admin 200 403 403 200",
    "admin/newsletter/subscription/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:network_profile_changelist": "admin admin admin 200 403 403 200",
    "admin:network_profile_add": "admin admin admin 403 403 403 403",
    "admin:network_profile_history": "admin admin admin 200 403 403 200",
    "admin:network_profile_delete": "admin admin admin 200 403 403 200",
    "admin:network_profile_change": "admin admin admin 200 403 403 200",
    "admin/network/profile/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:app_list": "admin admin admin 200 404 200 200",
    "admin/(?P<url>.*)$": "admin admin admin 404 404 404 404",
    # Added with security.txt, MitID Erhverv sign-in, claims and the mail admin (superusers only).
    "security_txt": "200 200 200 200 200 200 200",  # /.well-known/security.txt
    "socialaccount_login_cancelled": "200 200 200 200 200 200 200",
    "socialaccount_login_error": "401 401 401 401 401 401 401",  # /konto/3rdparty/login/error/
    "socialaccount_signup": "login login login login login login login",  # /konto/3rdparty/signup/
    "socialaccount_connections": "login 200 200 200 200 200 200",  # /konto/3rdparty/
    "konto/social/login/cancelled/": "302 302 302 302 302 302 302",
    "konto/social/login/error/": "302 302 302 302 302 302 302",  # /konto/social/login/error/
    "konto/social/signup/": "302 302 302 302 302 302 302",  # /konto/social/signup/
    "konto/social/connections/": "302 302 302 302 302 302 302",  # /konto/social/connections/
    "openid_connect_login": "404 404 404 404 404 404 404",  # /konto/oidc/mitid-erhverv/login/
    "openid_connect_callback": "404 404 404 404 404 404 404",
    "admin:socialaccount_socialaccount_changelist": "admin admin admin 403 403 403 200",
    "admin:socialaccount_socialaccount_add": "admin admin admin 403 403 403 200",
    "admin:socialaccount_socialaccount_history": "admin admin admin 403 403 403 200",
    "admin:socialaccount_socialaccount_delete": "admin admin admin 403 403 403 200",
    "admin:socialaccount_socialaccount_change": "admin admin admin 403 403 403 200",
    "admin/socialaccount/socialaccount/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:vaekstcenter_mail_changelist": "admin admin admin 403 403 403 200",
    "admin:vaekstcenter_mail_add": "admin admin admin 403 403 403 403",
    "admin:vaekstcenter_mail_history": "admin admin admin 403 403 403 200",
    "admin:vaekstcenter_mail_delete": "admin admin admin 403 403 403 403",
    "admin:vaekstcenter_mail_change": "admin admin admin 403 403 403 200",
    "admin/vaekstcenter/mail/<path:object_id>/": "admin admin admin 302 302 302 302",
    "admin:registry_representation_decide": "admin admin admin 403 200 403 200",
    "admin:registry_representation_changelist": "admin admin admin 403 200 403 200",
    "admin:registry_representation_add": "admin admin admin 403 403 403 403",
    "admin:registry_representation_history": "admin admin admin 403 200 403 200",
    "admin:registry_representation_delete": "admin admin admin 403 403 403 403",
    "admin:registry_representation_change": "admin admin admin 403 200 403 200",
    "admin/registry/representation/<path:object_id>/": "admin admin admin 302 302 302 302",
}

# Anonymous answers under /en/ that differ from the Danish ones.
ENGLISH_DIFFERS = {
    "portal:article": "404",  # the article is Danish; an English one has its own slug
}


# --- The URL configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the URL's name, or its route when it has none
    route: str  # the whole route, prefixes joined
    i18n: bool  # inside i18n_patterns, so also served under /en/
    namespace: str = ""
    params: tuple[str, ...] = field(default=())


def _routes(patterns, prefix="", namespace="", i18n=False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            in_i18n = i18n or isinstance(pattern.pattern, LocalePrefixPattern)
            inner = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            names = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _routes(pattern.url_patterns, prefix + inner, names, in_i18n)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
            yield Route(
                key=name or route,
                route=route,
                i18n=i18n,
                namespace=namespace,
                params=tuple(a or b for a, b in params),
            )


def site_routes() -> list[Route]:
    return list(_routes(get_resolver().url_patterns))


def fill(route: Route, values: dict) -> str:
    """The route with its parameters replaced by ``values`` (regex routes included)."""

    def value(match):
        return str(values[match.group(1) or match.group(2)])

    path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", value, route.route)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


def test_every_url_has_an_expected_answer():
    keys = [route.key for route in site_routes()]
    missing = [key for key in keys if key not in EXPECTED]
    unknown = sorted(set(EXPECTED) - set(keys))
    assert not missing, "URLs without a line in EXPECTED (add one each): " + ", ".join(missing)
    assert not unknown, "EXPECTED names URLs that no longer exist: " + ", ".join(unknown)
    for key, answers in EXPECTED.items():
        assert len(answers.split()) == len(ROLES), key


# --- One set of objects for every parameter -----------------------------------------------------


@dataclass
class World:
    clients: dict  # role -> Client, staff verified with the second factor
    unverified: dict  # staff role -> Client signed in without the second factor
    values: dict  # URL name -> {parameter: value}


def _registered_case(applicant, handler, cvr):
    from registry.models import Application, SocialAccount
    from registry.services import applying, case_handling, representatives
    from registry.tests.conftest import CRITERION_ANSWERS, assess, enterprise_data

    representatives.grant_by_mitid(
        cvr, by=applicant
    )  # the applicant has proved they act for the company
    application = applying.start_application(cvr, enterprise_data(), by=applicant)
    Application.objects.filter(pk=application.pk).update(**CRITERION_ANSWERS)
    for step in ["purpose", "trade", "independence", "governance", "profit", "documents"]:
        applying.save_step(application, step)
    document = applying.add_document(
        application, "articles", SimpleUploadedFile("v.pdf", PDF, "application/pdf"), by=applicant
    )
    applying.add_document(
        application,
        "annual_report",
        SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
        by=applicant,
    )
    application.refresh_from_db()
    applying.submit_application(application, by=applicant)
    case_handling.take_case(application, by=handler)
    assess(application, "met")
    case_handling.register(application, by=handler)
    account = SocialAccount.objects.create(
        enterprise=application.enterprise, financial_year=2025, deadline="2026-05-31"
    )
    invitation = representatives.invite_representative(
        application.enterprise, "inviteret@example.dk", by=applicant
    )
    from registry.services import supervision

    supervision.raise_signal(application.enterprise, "no_trade", "matrix")
    return application, document, account, invitation


def _build_world(verified_login) -> World:
    from django_tasks_db.models import DBTaskResult

    from events import services as events
    from events.tests.factories import make_event
    from guidance import services as guidance
    from guidance.models import DataRequestLog
    from network.tests.factories import make_profile
    from newsletter import services as newsletter
    from newsletter.models import Subscription
    from portal.models import Audience, Page, PageKey
    from portal.tests import factories as portal
    from registry.fictional import fictional_cvrs
    from tests.factories import guidance_enquiry

    users = {
        "applicant": ensure_verified_user("ansoeger@example.dk", PASSWORD),
        "other": ensure_verified_user("anden@example.dk", PASSWORD),
        "editor": ensure_verified_user(
            "redaktoer@example.dk", PASSWORD, is_staff=True, groups=[roles.EDITORS]
        ),
        "handler": ensure_verified_user(
            "sagsbehandler@example.dk", PASSWORD, is_staff=True, groups=[roles.CASE_HANDLERS]
        ),
        "adviser": ensure_verified_user(
            "raadgiver@example.dk", PASSWORD, is_staff=True, groups=[roles.ADVISERS]
        ),
        "superuser": ensure_verified_user(
            "admin@example.dk", PASSWORD, is_staff=True, is_superuser=True
        ),
    }
    cvrs = iter(fictional_cvrs(50))
    application, document, account, invitation = _registered_case(
        users["applicant"], users["handler"], next(cvrs)
    )
    from registry.services import applying, representatives
    from registry.tests.conftest import enterprise_data

    other_cvr = next(cvrs)
    representatives.grant_by_mitid(other_cvr, by=users["other"])
    applying.start_application(other_cvr, enterprise_data(name="Anden ApS"), by=users["other"])
    claimed = applying.start_application(
        next(cvrs),
        enterprise_data(name="Tredje ApS"),
        statement="Jeg er direktør.",
        evidence=SimpleUploadedFile("fuldmagt.pdf", PDF, "application/pdf"),
        by=users["other"],
    )
    claim = claimed.enterprise.representations.get(user=users["other"])
    SocialAccount.objects.create(
        user=users["applicant"], provider="mitid-erhverv", uid="matrix-applicant"
    )

    theme = portal.theme()
    published = portal.article(themes=[theme])
    draft = portal.article(published=False, title="Hemmelig kladde")
    default_storage.save("matrix/hero-640.jpg", ContentFile(b"\xff\xd8\xff\xd9"))
    draft.hero_renditions = [{"name": "matrix/hero-640.jpg", "width": 640}]
    draft.save(update_fields=["hero_renditions"])
    Audience.objects.get_or_create(slug="matrix", defaults={"name": "Matrix", "name_en": "M"})
    about_page = Page.objects.get(key=PageKey.ABOUT, language="da")

    request = guidance_enquiry(
        user=users["applicant"], confirmed=True, email=users["applicant"].email
    )
    answer = guidance.reply_as_adviser(
        request,
        "Svar",
        by=users["adviser"],
        files=[SimpleUploadedFile("svar.pdf", PDF, "application/pdf")],
    )
    attachment = answer.attachments.get()
    DataRequestLog.objects.create(kind="export", email_hash="x" * 64, request_count=1)

    event = make_event()
    registration = events.register(event, name="Deltager", email="deltager@example.dk")
    profile = make_profile(users["applicant"])
    newsletter.subscribe(email="abonnent@example.org", language="da", news=True)
    subscription = Subscription.objects.get()

    clients = {"anonymous": Client(raise_request_exception=False)}
    unverified = {}
    for role, user in users.items():
        clients[role] = Client(raise_request_exception=False)
        if role == "applicant":
            clients[role].force_login(user)
            continue
        # The other representative uses two-factor too (anyone may), so the two-factor pages
        # are not staff pages in this matrix.
        verified_login(clients[role], user)
        if role in STAFF_ROLES:
            unverified[role] = Client(raise_request_exception=False)
            unverified[role].force_login(user)
    assert DBTaskResult.objects.exists()  # the mails above were queued

    case_token = secret_links.issue(request)
    case = {"case_number": application.case_number}
    cvr = {"cvr": application.enterprise.cvr}
    values = {
        "portal:theme": {"slug": theme.slug},
        "portal:start_here": {"slug": "matrix"},
        "portal:article_preview": {"pk": draft.pk},
        "portal:hero_image": {"pk": draft.pk, "width": 640},
        "portal:article": {"slug": published.slug},
        "portal:sitemap_section": {"section": "articles"},
        "registry:enterprise": cvr,
        "registry:apply_resume": case,
        "registry:apply_step": {**case, "step": "purpose"},
        "registry:case": case,
        "registry:receipt": case,
        "registry:receipt_pdf": case,
        "registry:withdraw": case,
        "registry:report_change": case,
        "registry:reapply": case,
        "registry:social_account": {"pk": account.pk},
        "registry:document": {"pk": document.pk},
        "registry:representatives": cvr,
        "registry:revoke_invitation": {**cvr, "pk": invitation.pk},
        "registry:accept_invitation": {"token": representatives.invitation_token(invitation)},
        "registry:evidence": {"pk": claim.pk},
        "registry:letter": {"pk": application.letters.get().pk},
        "registry:answer_hearing": case,
        "admin:registry_socialaccount_letter": {"pk": account.pk},
        "admin:registry_application_hearing": {"pk": application.pk},
        "admin:registry_application_close_hearing": {"pk": application.pk},
        "admin:registry_supervisioncase_action": {
            "pk": application.enterprise.supervision_cases.get().pk,
            "name": "resolve",
        },
        "guidance:confirm": {"token": guidance.confirmation_token(request)},
        "guidance:case": {"token": case_token},
        "guidance:rate": {"token": case_token},
        "guidance:attachment": {"token": case_token, "pk": attachment.pk},
        "guidance:open_mine": {"reference": request.reference},
        "guidance:my_attachment": {"reference": request.reference, "pk": attachment.pk},
        "numbers:csv": {"chart": "regioner"},
        "events:check_email": {"slug": event.slug},
        "events:resend_link": {"slug": event.slug},
        # MitID Erhverv is not configured here, so its provider is unknown.
        "openid_connect_login": {"provider_id": "mitid-erhverv"},
        "openid_connect_callback": {"provider_id": "mitid-erhverv"},
        "events:registration": {"token": secret_links.issue(registration)},
        "events:detail": {"slug": event.slug},
        "events:ics": {"slug": event.slug},
        "newsletter:subscription": {"token": secret_links.issue(subscription)},
        "newsletter:unsubscribe": {"token": secret_links.issue(subscription)},
        "api-v1:enterprise": cvr,
        "api-v1:enterprise_by_number": {
            "registration_number": application.enterprise.registration_number
        },
        "api-v1:article": {"language": "da", "slug": published.slug},
        "api-v1:event": {"slug": event.slug},
        "network:detail": {"pk": profile.pk},
        "network:contact": {"pk": profile.pk},
        "network:edit": {"pk": profile.pk},
        "network:toggle_hidden": {"pk": profile.pk},
        "network:delete": {"pk": profile.pk},
        "account_confirm_email": {"key": "ikke-en-noegle"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "ikke-en-noegle"},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(published).pk,
            "object_id": published.pk,
        },
        "admin:app_list": {"app_label": "portal"},
        "admin:auth_user_password_change": {"id": users["applicant"].pk},
        "admin:portal_article_change_status": {"pk": draft.pk},
        "admin:portal_article_revisions": {"pk": draft.pk},
        "admin:portal_article_compare": {"pk": draft.pk},
        "admin:portal_article_restore": {"pk": draft.pk, "number": 1},
        "admin:portal_page_revisions": {"pk": about_page.pk},
        "admin:portal_page_compare": {"pk": about_page.pk},
        "admin:portal_page_restore": {"pk": about_page.pk, "number": 1},
        "geography:municipality": {"slug": "koebenhavn"},
        "admin:registry_application_transition": {"pk": application.pk, "name": "register"},
        "admin:registry_application_note": {"pk": application.pk},
        "admin:registry_socialaccount_review": {"pk": account.pk, "decision": "return"},
        "admin:guidance_attachment": {"pk": attachment.pk},
        "admin:registry_representation_decide": {"pk": claim.pk, "decision": "approve"},
        "admin/(?P<url>.*)$": {"url": "findes-ikke/"},
    }
    values["enquiry_admin_moved"] = {"rest": f"{request.pk}/change/"}
    for name in ("reply", "note", "refer", "assign", "status"):
        values[f"admin:guidance_enquiry_{name}"] = {"pk": request.pk}
    return World(clients=clients, unverified=unverified, values=values)


def _admin_object(route: Route) -> dict:
    """An admin model page's object: the first of the model its route names."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    model = ContentType.objects.get_by_natural_key(*match.groups()).model_class()
    return {"object_id": model._default_manager.order_by("pk").first().pk}


def path_of(route: Route, world: World) -> str:
    values = world.values.get(route.key)
    if values is None and route.params:
        assert route.namespace == "admin", f"Give {route.key}'s parameters a value in _build_world"
        values = _admin_object(route)
    return fill(route, values or {})


# --- Asking ------------------------------------------------------------------------------------


class Answers:
    """Requests and their answers, each in a savepoint that is rolled back."""

    def __init__(self):
        self.sent = 0
        self.server_errors: list[str] = []
        self.redirects = {}
        for language in ("da", "en"):
            with translation.override(language):
                self.redirects[reverse("account_login")] = "login"
                self.redirects[reverse("admin:login")] = "admin"
                self.redirects[reverse("mfa_reauthenticate")] = "verify"
                self.redirects[reverse("mfa_activate_totp")] = "totp"

    def ask(self, client: Client, path: str) -> str:
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            response = client.get(path)
            self.sent += 1
            if response.status_code == 405 and "POST" in response.get("Allow", ""):
                response = client.post(path)
                self.sent += 1
            transaction.set_rollback(True)
        client.cookies = cookies
        translation.activate("da")
        if response.status_code >= 500:
            self.server_errors.append(f"{response.status_code} {path}")
        return self._classify(response)

    def _classify(self, response) -> str:
        if response.status_code not in (301, 302):
            return str(response.status_code)
        target = response.url.split("?")[0]
        return self.redirects.get(target, "302")


@pytest.fixture
def world(db, settings, tmp_path, verified_login):
    settings.STAFF_MFA_REQUIRED = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("da"):
        yield _build_world(verified_login)


def test_every_url_answers_each_role_as_expected(world):
    answers = Answers()
    wrong = []
    routes = site_routes()
    for route in routes:
        path = path_of(route, world)
        got = {role: answers.ask(world.clients[role], path) for role in ROLES}
        if " ".join(got.values()) != EXPECTED.get(route.key):
            wrong.append(f'    "{route.key}": "{" ".join(got.values())}",  # {path}')
        # An answer only a staff permission gives needs a verified session.
        open_to_others = "200" in (got["anonymous"], got["applicant"], got["other"])
        for role in STAFF_ROLES:
            if got[role] == "200" and not open_to_others:
                unverified = answers.ask(world.unverified[role], path)
                if unverified != "verify":
                    wrong.append(f"    unverified {role} got {unverified} at {path}")
        if route.i18n and route.namespace != "admin":
            english = answers.ask(world.clients["anonymous"], "/en" + path)
            if english != ENGLISH_DIFFERS.get(route.key, got["anonymous"]):
                wrong.append(f"    anonymous got {english} at /en{path}, not {got['anonymous']}")
    print(
        f"\nPermission matrix: {len(routes)} URLs x {len(ROLES)} roles, "
        f"{answers.sent} requests sent, {len(answers.server_errors)} answered 5xx"
    )
    assert answers.server_errors == []
    assert not wrong, "Answers differ from EXPECTED (check each is intended):\n" + "\n".join(wrong)
