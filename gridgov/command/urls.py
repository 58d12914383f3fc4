from django.urls import path

from . import views

app_name = "command"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<slug:table>.<str:fmt>", views.export_table, name="export"),
    path("report/<str:kind>.pdf", views.situation_report, name="report"),
    path("cards/<str:code>.<str:fmt>", views.grid_card, name="card"),
]
