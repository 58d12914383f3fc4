from django.urls import path

from . import views

app_name = "citizen"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/outline.geojson", views.outline, name="outline"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_case, name="track_case"),
]
