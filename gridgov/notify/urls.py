from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.desk_list, name="list"),
    path("read-all", views.read_all, name="read_all"),
    path("<int:pk>/", views.open_one, name="open"),
    path("<int:pk>/read", views.read_one, name="read"),
]
