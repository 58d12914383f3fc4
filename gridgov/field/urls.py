from django.urls import path

from gridgov.emergencies.views import field_campaign

from . import views

app_name = "field"
urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("patrol/", views.patrol, name="patrol"),
    path("campaign/", field_campaign, name="campaign"),
    path("screening/", views.screening, name="screening"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
]
