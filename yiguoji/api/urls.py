"""The district office's pages for API clients (``/api-clients/``)."""

from django.urls import path

from yiguoji.api.views import clients

app_name = "api"

urlpatterns = [
    path("", clients.client_list, name="clients"),
    path("new/", clients.client_create, name="client_create"),
    path("<int:pk>/", clients.client_detail, name="client_detail"),
    path("<int:pk>/tokens/", clients.token_create, name="token_create"),
    path("<int:pk>/active/", clients.client_active, name="client_active"),
    path("tokens/<int:pk>/revoke/", clients.token_revoke_view, name="token_revoke"),
]
