from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from gridgov import errors, views
from gridgov.api import api
from gridgov.geo import views as geo_views
from gridgov.middleware import clears_browser_cache

geo_patterns = ([path("", geo_views.map_page, name="map")], "geo")

urlpatterns = [
    path("", views.home, name="home"),
    path("map/", include(geo_patterns)),
    path("desk/", include("gridgov.workbench.urls")),
    path("field/", include("gridgov.field.urls")),
    path("disputes/", include("gridgov.disputes.urls")),
    path("petitions/", include("gridgov.petitions.urls")),
    path("command/", include("gridgov.command.urls")),
    path("police/", include("gridgov.police.urls")),
    path("volunteers/", include("gridgov.volunteers.urls")),
    path("notifications/", include("gridgov.notify.urls")),
    path("assess/", include("gridgov.assess.urls")),
    path("emergencies/", include("gridgov.emergencies.urls")),
    path("", include("gridgov.citizen.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", clears_browser_cache(auth_views.LogoutView.as_view()), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/notifications/", include("gridgov.notify.outbound_urls")),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", errors.api_not_found),
    path("api/v1", errors.api_not_found),  # after the API: what it does not answer is a JSON 404
    path("favicon.ico", RedirectView.as_view(url=static("gridgov/field-icon.png"))),  # pages without an icon link
]

handler500 = "gridgov.errors.server_error"  # a database that is down is a 503 to retry, wherever it is met
