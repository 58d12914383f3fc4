from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cases.<str:fmt>", views.export_cases, name="export"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/act", views.act, name="act"),
    path("cases/<int:pk>/parties/<int:party_id>/reveal", views.reveal, name="reveal"),
    path("dispatch", views.bulk_dispatch, name="bulk_dispatch"),
    path("intake/", views.intake, name="intake"),
]
