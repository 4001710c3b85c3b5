from django.urls import path

from procedure import register, session_views, steps, views

app_name = "procedure"

urlpatterns = [
    path("aanvragen/", register.register_page, name="register_list"),
    path("aanvragen/export.csv", register.register_csv, name="register_csv"),
    path("aanvragen/cijfers/", register.figures_page, name="register_figures"),
    path("dossiers/<int:pk>/aanvragen/", views.file_requests, name="file_requests"),
    path("dossiers/<int:pk>/aanvragen/registreren/", views.request_register, name="register"),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/intrekken/",
        views.request_withdraw,
        name="withdraw",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/doorsturen/",
        views.request_forward,
        name="forward",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/ontvangstbewijs/",
        views.request_receipt,
        name="receipt",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/ontvangstbewijs/bewaren/",
        views.request_receipt_keep,
        name="receipt_keep",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/beslissingsbrief/",
        views.decision_letter,
        name="decision_letter",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/sociaal-onderzoek/",
        steps.inquiry_save,
        name="inquiry",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/voorstel/",
        steps.proposal_submit,
        name="propose",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/beslissing/",
        steps.decision_record,
        name="decide",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/dringende-beslissing/",
        steps.decision_record_urgent,
        name="decide_urgent",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/kennisgeving/",
        steps.notification_record,
        name="notify",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/beroep/",
        steps.appeal_register,
        name="appeal",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/beroep/<int:appeal_pk>/vonnis/",
        steps.appeal_judgment,
        name="judgment",
    ),
    path(
        "dossiers/<int:pk>/aanvragen/<int:request_pk>/documenten/",
        steps.documents_upload,
        name="documents_upload",
    ),
    # The committee's sessions (issue 19 point 5).
    path("comite/", session_views.session_list, name="session_list"),
    path("comite/plannen/", session_views.session_plan, name="session_plan"),
    path("comite/<int:session_pk>/", session_views.session_detail, name="session_detail"),
    path(
        "comite/<int:session_pk>/agenda/bijwerken/",
        session_views.session_refresh,
        name="session_refresh",
    ),
    path("comite/<int:session_pk>/notulen/", session_views.session_minutes, name="session_minutes"),
    path("comite/<int:session_pk>/afsluiten/", session_views.session_close, name="session_close"),
    path(
        "comite/<int:session_pk>/punten/<int:item_pk>/",
        session_views.agenda_item,
        name="agenda_item",
    ),
    path("comite/<int:session_pk>/agenda/", session_views.agenda_print, name="agenda_print"),
    path(
        "comite/<int:session_pk>/agenda/gepseudonimiseerd/",
        session_views.agenda_pseudonymised,
        name="agenda_pseudonymised",
    ),
]
