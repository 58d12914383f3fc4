from django.urls import path

from . import views

app_name = "assess"
urlpatterns = [
    path("", views.index, name="index"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings.<str:fmt>", views.rankings_export, name="rankings_export"),
    path("me/", views.my_month, name="me"),
    path("workers/<int:pk>/", views.worker_month, name="worker"),
    path("workers/<int:pk>/ledger.<str:fmt>", views.ledger_export, name="ledger_export"),
    path("nominations/", views.nominations, name="nominations"),
    path("act", views.act, name="act"),
]
