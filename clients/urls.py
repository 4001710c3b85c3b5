from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("mijn-dossiers/", views.my_cases, name="my_cases"),
]
