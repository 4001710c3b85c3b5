from budgets.views import admin, calculations, decisions

app_name = "budgets"

# Each views module lists its own paths, so the three parts of this app can grow apart:
# administrators' versions and policies, workers' calculations, and proposals and decisions.
urlpatterns = [*admin.urlpatterns, *calculations.urlpatterns, *decisions.urlpatterns]
