from django.urls import path

from procedure import register, views

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
]
