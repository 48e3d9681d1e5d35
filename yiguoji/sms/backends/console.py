"""Writes each message to the log instead of sending it (development)."""

import logging
import uuid

log = logging.getLogger("yiguoji.sms")


class SmsBackend:
    def send(self, message) -> str:
        log.info("SMS to %s: %s", message.to, message.text)
        return f"console-{uuid.uuid4().hex}"
