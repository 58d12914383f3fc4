from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("new/", views.new_petition, name="new"),
    path("tours/", views.tour_visits, name="tours"),
    path("<int:pk>/acceptance.pdf", views.acceptance_notice, name="acceptance"),
]
