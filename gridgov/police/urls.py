from django.urls import path

from . import views

app_name = "police"
urlpatterns = [
    path("", views.stations, name="stations"),
    path("stations/<int:pk>/", views.station, name="station"),
]
