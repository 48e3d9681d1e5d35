"""Personal data at rest: AES-GCM encryption, a keyed blind index, and masked display forms.

Resident ID and bank card numbers are never stored in the clear (domain.md, "Workers"). A model
keeps three columns per protected number::

    id_number = EncryptedField("公民身份号码", purpose="payroll.worker.id_number")  # ciphertext
    id_index = BlindIndexField(unique=True)       # HMAC of the number: lookups and uniqueness
    id_masked = models.CharField(max_length=18)   # "110229********123X": what lists show

* :func:`encrypt` / :func:`decrypt`: AES-256-GCM with a random 96-bit nonce per value, so equal
  numbers give different ciphertexts; ``purpose`` is the associated data, so a ciphertext copied
  into another column (an ID number pasted over a bank card) does not decrypt.
* :func:`blind_index`: HMAC-SHA256 of the normalised number, also bound to ``purpose``. Equal
  numbers give equal indexes, which is what a unique constraint and a lookup need, and without
  the key nobody can test a guessed number against the column.
* :func:`mask`: the display form, computed once when the number is written, so lists, exports and
  PDFs never decrypt anything.

Both keys are derived from ``settings.PERSONAL_DATA_KEY`` with HKDF-SHA256 under different
``info`` labels: the encryption key and the index key are independent, and neither is the
configured secret itself. Tokens start with a version byte so that a later key rotation can tell
old ciphertexts from new ones.

A loaded :class:`EncryptedField` value is a :class:`Sealed` object, not the number: rendering it
in a template or a log shows "（已加密）". Only :meth:`Sealed.reveal` decrypts, and only services
that write a reveal log call it (``yiguoji.core.services.reveals.reveal_log``).
"""

from __future__ import annotations

import functools
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

VERSION = b"\x01"
NONCE_BYTES = 12
INDEX_BYTES = 32
_SALT = b"yiguoji personal data"
_ENCRYPTION_INFO = b"aes-256-gcm v1"
_INDEX_INFO = b"hmac-sha256 blind index v1"
SEALED_TEXT = "（已加密）"


class DecryptionError(Exception):
    """The ciphertext is damaged, belongs to another column, or was written with another key."""


def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(secret.encode())


@functools.lru_cache(maxsize=4)
def _keys_for(secret: str) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(secret, _ENCRYPTION_INFO)), _derive(secret, _INDEX_INFO)


def _keys() -> tuple[AESGCM, bytes]:
    # Looked up on every call (cached per secret) so that override_settings works in tests.
    return _keys_for(settings.PERSONAL_DATA_KEY)


def encrypt(value: str, *, purpose: str) -> bytes:
    """``value`` encrypted for the column named by ``purpose``: version, nonce, ciphertext+tag."""
    cipher, _ = _keys()
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + cipher.encrypt(nonce, value.encode(), purpose.encode())


def decrypt(token: bytes, *, purpose: str) -> str:
    """The plain value of a token written by :func:`encrypt` with the same ``purpose``."""
    token = bytes(token)
    if len(token) < 1 + NONCE_BYTES + 16 or token[:1] != VERSION:
        raise DecryptionError("not a personal-data token")
    cipher, _ = _keys()
    nonce, body = token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
    try:
        return cipher.decrypt(nonce, body, purpose.encode()).decode()
    except InvalidTag:
        raise DecryptionError("token does not match this key or column") from None


def normalise(value: str) -> str:
    """The form that is indexed: no spaces or dashes, upper case ("x" and "X" are one ID)."""
    return "".join(value.split()).replace("-", "").upper()


def blind_index(value: str, *, purpose: str) -> bytes:
    """HMAC-SHA256 of the normalised value under the index key, bound to ``purpose``."""
    _, key = _keys()
    return hmac.digest(key, purpose.encode() + b"\x00" + normalise(value).encode(), "sha256")


def mask(value: str, *, head: int, tail: int, fill: str = "*") -> str:
    """``mask("11022919900101123X", head=6, tail=4)`` -> ``"110229********123X"``."""
    value = normalise(value)
    if len(value) <= head + tail:
        return fill * len(value)
    return value[:head] + fill * (len(value) - head - tail) + value[len(value) - tail :]


class Sealed:
    """A protected number as loaded from the database: opaque until :meth:`reveal` is called."""

    __slots__ = ("purpose", "token")

    def __init__(self, token: bytes, purpose: str) -> None:
        self.token = bytes(token)
        self.purpose = purpose

    def reveal(self) -> str:
        """Decrypt. Call only from a service that logs the reveal."""
        return decrypt(self.token, purpose=self.purpose)

    def __str__(self) -> str:
        return SEALED_TEXT

    def __repr__(self) -> str:
        return f"<Sealed {self.purpose}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


def seal(value: str, *, purpose: str) -> Sealed:
    """``value`` encrypted, ready to assign to an :class:`EncryptedField` (or COPY its token)."""
    return Sealed(encrypt(value, purpose=purpose), purpose)


class EncryptedField(models.BinaryField):
    """A text value stored AES-GCM encrypted (bytea).

    Assign a plain ``str`` (it is encrypted when saved) or a :class:`Sealed`; loaded values are
    :class:`Sealed`. Filtering on the ciphertext is meaningless (every write has a new nonce), so
    lookups other than ``isnull`` raise: query the companion :class:`BlindIndexField` instead.
    Fixtures (dumpdata/loaddata) are not supported: they would carry ciphertexts between keys.
    """

    def __init__(self, *args, purpose: str, **kwargs):
        self.purpose = purpose
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Sealed(value, self.purpose)

    def to_python(self, value):
        if value is None or isinstance(value, (Sealed, str)):
            return value
        return Sealed(value, self.purpose)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or value == "":
            return None
        if isinstance(value, Sealed):
            if value.purpose != self.purpose:
                raise ValueError(f"a {value.purpose} value cannot be stored in {self.purpose}")
            value = value.token
        elif isinstance(value, str):
            value = encrypt(value, purpose=self.purpose)
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):
        raise NotImplementedError("encrypted fields are not serialised")

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.name}: encrypted values cannot be compared; use the blind index"
            )
        return super().get_lookup(lookup_name)


class BlindIndexField(models.BinaryField):
    """The 32-byte HMAC of a protected number (see :func:`blind_index`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", INDEX_BYTES)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
