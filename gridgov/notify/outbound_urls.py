from django.urls import path

from . import outbound_views

app_name = "outbound"
urlpatterns = [path("", outbound_views.channel_preferences, name="preferences")]
