"""Refuses every message: the production default until ``SMS_BACKEND`` names a provider, so
that codes never land in a log by accident."""

from yiguoji.sms import SmsError


class SmsBackend:
    def send(self, message) -> str:
        raise SmsError("SMS_BACKEND is not configured")
