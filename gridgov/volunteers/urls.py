from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("approvals/", views.approvals, name="approvals"),
    path("phone/", views.phone, name="phone"),
    path("phone/sign", views.sign, name="sign"),
    path("phone/answer", views.answer, name="answer"),
]
