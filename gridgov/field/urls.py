from django.urls import path

from . import views

app_name = "field"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("report/", views.report, name="report"),
    path("patrol/", views.patrol, name="patrol"),
    path("screening/", views.screening, name="screening"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
]
