from django.urls import path

from registry.views import applying, public, representation

app_name = "registry"

urlpatterns = [
    path("", public.index, name="index"),
    path("selvtest/", public.self_test, name="self_test"),
    path("register/", public.register, name="register"),
    path("register/aabne-data/", public.open_data_documentation, name="open_data"),
    path("register.csv", public.register_csv, name="register_csv"),
    path("register.json", public.register_json, name="register_json"),
    path("register-regneark.csv", public.register_spreadsheet, name="register_spreadsheet"),
    path("register/<str:cvr>/", public.enterprise, name="enterprise"),
    path("ansoeg/", applying.apply_start, name="apply"),
    path("ansoeg/<str:case_number>/", applying.apply_resume, name="apply_resume"),
    path("ansoeg/<str:case_number>/<slug:step>/", applying.apply_step, name="apply_step"),
    path("mine-sager/", applying.my_cases, name="my_cases"),
    path("mine-sager/<str:case_number>/", applying.case_detail, name="case"),
    path("mine-sager/<str:case_number>/kvittering/", applying.receipt, name="receipt"),
    path("mine-sager/<str:case_number>/kvittering.pdf", applying.receipt_pdf, name="receipt_pdf"),
    path("mine-sager/<str:case_number>/traek-tilbage/", applying.withdraw, name="withdraw"),
    path("mine-sager/<str:case_number>/aendring/", applying.report_change, name="report_change"),
    path("mine-sager/<str:case_number>/ansoeg-igen/", applying.reapply, name="reapply"),
    path(
        "mine-sager/<str:case_number>/partshoering/",
        applying.answer_hearing,
        name="answer_hearing",
    ),
    path("socialt-regnskab/<int:pk>/", applying.social_account, name="social_account"),
    path("brev/<int:pk>/", applying.letter, name="letter"),
    path("dokument/<int:pk>/", applying.document, name="document"),
    path("bevis/<int:pk>/", applying.evidence, name="evidence"),
    path(
        "virksomhed/<str:cvr>/repraesentanter/",
        representation.representatives,
        name="representatives",
    ),
    path(
        "virksomhed/<str:cvr>/invitationer/<int:pk>/tilbagekald/",
        representation.revoke_invitation,
        name="revoke_invitation",
    ),
    path("invitation/<str:token>/", representation.accept_invitation, name="accept_invitation"),
]
