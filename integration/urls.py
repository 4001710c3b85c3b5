"""Integration's pages: the Leefloon tab of a client file and, per topic, the pages of a
leefloon request, a granted leefloon, a GPMI, an art. 60 contract, the amounts and the figures.
Each topic's views module lists its own URLs."""

from django.urls import path

from integration.views import eligibility, employment, figures, gpmi, grants, scales, tab

app_name = "integration"

urlpatterns = [
    path("dossiers/<int:pk>/leefloon/", tab.file_leefloon, name="file_leefloon"),
    *eligibility.urlpatterns,
    *grants.urlpatterns,
    *gpmi.urlpatterns,
    *employment.urlpatterns,
    *figures.urlpatterns,
    *scales.urlpatterns,
]
