from django.urls import path

from wijkteams import views

app_name = "wijkteams"

urlpatterns = [
    path("mijn-team/", views.my_team, name="my_team"),
    path("configuratie/", views.configuration, name="configuration"),
    path("wijk-zoeken/", views.address_lookup, name="address_lookup"),
]
