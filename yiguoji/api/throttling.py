"""Rate limits per client (issue 15, item 4): DRF's throttle on the Redis cache, the rate being
the client's own ``rate_per_minute``."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from yiguoji.api.models import ApiToken


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api-client"
    rate = "120/min"  # replaced by the client's own rate in allow_request

    def allow_request(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken):
            self.num_requests, self.duration = token.client.rate_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return None  # no token: refused by authentication, nothing to count
        return f"api:throttle:client:{token.client_id}"
