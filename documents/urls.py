from django.urls import path

from documents.views import files, tab

app_name = "documents"

urlpatterns = [
    path("dossiers/<int:pk>/documenten/", tab.file_documents, name="file_documents"),
    path("dossiers/<int:pk>/documenten/toevoegen/", tab.document_upload, name="upload"),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/",
        files.document_viewer,
        name="viewer",
    ),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/bekijken/",
        files.document_view,
        name="view",
    ),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/downloaden/",
        files.document_download,
        name="download",
    ),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/voorbeeld/",
        files.document_thumbnail,
        name="thumbnail",
    ),
    path(
        "dossiers/<int:pk>/documenten/<int:document_pk>/intrekken/",
        tab.document_withdraw,
        name="withdraw",
    ),
]
