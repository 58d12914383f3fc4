from django.urls import path

from gridgov.emergencies.views import field_campaign
from gridgov.notify import views as notify_views

from . import views

app_name = "field"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("report/", views.report, name="report"),
    path("patrol/", views.patrol, name="patrol"),
    path("campaign/", field_campaign, name="campaign"),
    path("screening/", views.screening, name="screening"),
    path("notifications/", notify_views.field_list, name="notifications"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
]
