"""The district office's pages for API clients and their webhooks (``/api-clients/``)."""

from django.urls import path

from yiguoji.api.views import clients, webhooks

app_name = "api"

urlpatterns = [
    path("", clients.client_list, name="clients"),
    path("new/", clients.client_create, name="client_create"),
    path("<int:pk>/", clients.client_detail, name="client_detail"),
    path("<int:pk>/tokens/", clients.token_create, name="token_create"),
    path("<int:pk>/active/", clients.client_active, name="client_active"),
    path("tokens/<int:pk>/revoke/", clients.token_revoke_view, name="token_revoke"),
    path("<int:pk>/webhooks/new/", webhooks.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/active/", webhooks.webhook_active, name="webhook_active"),
    path("webhooks/<int:pk>/secret/", webhooks.webhook_secret, name="webhook_secret"),
    path("deliveries/", webhooks.delivery_log, name="deliveries"),
    path("deliveries/<int:pk>/", webhooks.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/resend/", webhooks.delivery_resend_view, name="delivery_resend"),
]
