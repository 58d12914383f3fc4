from django.urls import path

from . import views

app_name = "emergencies"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/end", views.end, name="end"),
    path("<int:pk>/data.json", views.data, name="data"),
    path("<int:pk>/callup", views.callup, name="callup"),
    path("<int:pk>/report.<str:fmt>", views.report, name="report"),
    path("scenarios/new", views.scenario_new, name="scenario_new"),
    path("scenarios/<int:pk>/", views.scenario, name="scenario"),
]
