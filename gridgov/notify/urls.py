from django.urls import path

from . import views

app_name = "outbound"
urlpatterns = [path("", views.channel_preferences, name="preferences")]
