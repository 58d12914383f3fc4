from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from gridgov.api import api
from gridgov.geo import views as geo_views

geo_patterns = ([path("", geo_views.map_page, name="map")], "geo")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="geo:map", permanent=False)),
    path("map/", include(geo_patterns)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
