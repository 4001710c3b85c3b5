from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("dossiers/<int:pk>/documenten/", views.file_documents, name="file_documents"),
    path("dossiers/<int:pk>/documenten/toevoegen/", views.document_upload, name="upload"),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/bekijken/",
        views.document_view,
        name="view",
    ),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/downloaden/",
        views.document_download,
        name="download",
    ),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/intrekken/",
        views.document_withdraw,
        name="withdraw",
    ),
]
