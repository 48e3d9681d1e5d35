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

Keys are versioned (``settings.PERSONAL_DATA_KEYS``: ``((version, secret), ...)``, the first one
current, as in ``cryptography``'s MultiFernet). From each secret two keys are derived with
HKDF-SHA256 under different ``info`` labels: the encryption key and the index key are
independent, and neither is the configured secret itself. Tokens *and* blind indexes start with
the version byte of the key that wrote them: :func:`decrypt` picks the key by that byte, look-ups
search the indexes of every configured key (:func:`blind_indexes`) while a rotation is under way,
and ``manage.py rotate_personal_data_key`` (``yiguoji.core.services.keys``) rewrites every row
still under an older version, after which that key can be removed from the settings.
Why AES-GCM rather than Fernet: the associated data binds each token to its column, which
Fernet cannot do, and the tokens are half the size; the primitives are ``cryptography``'s own.

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
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

NONCE_BYTES = 12
INDEX_BYTES = 33  # the key version, then the HMAC-SHA256
_SALT = b"yiguoji personal data"
_ENCRYPTION_INFO = b"aes-256-gcm v1"
_INDEX_INFO = b"hmac-sha256 blind index v1"
SEALED_TEXT = "（已加密）"


class DecryptionError(Exception):
    """The ciphertext is damaged, belongs to another column, or was written with another key."""


class UnknownKeyVersion(DecryptionError):
    """The token or index names a key version that is not (or no longer) configured."""


def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(secret.encode())


@functools.lru_cache(maxsize=8)
def _keys_for(secret: str) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(secret, _ENCRYPTION_INFO)), _derive(secret, _INDEX_INFO)


_table: tuple[tuple[int, ...], dict[int, tuple[AESGCM, bytes]]] | None = None


def _configured() -> tuple[tuple[int, ...], dict[int, tuple[AESGCM, bytes]]]:
    """The configured versions (current first) and each one's keys, resolved once: an import
    indexes 20,000 values, and reading ``settings.PERSONAL_DATA_KEYS`` (a lazy object) and
    resolving the versions on every call cost as much as the HMACs themselves (issue 12 item 2).
    ``override_settings`` sends ``setting_changed``, which empties the cache (below)."""
    global _table
    table = _table
    if table is None:
        keys = settings.PERSONAL_DATA_KEYS
        versions = tuple(version for version, _ in keys)
        table = _table = (versions, {v: _keys_for(secret) for v, secret in keys})
    return table


@receiver(setting_changed)
def _keys_changed(*, setting: str, **kwargs) -> None:
    global _table
    if setting == "PERSONAL_DATA_KEYS":
        _table = None


def key_versions() -> tuple[int, ...]:
    """The configured key versions, the current (writing) one first."""
    return _configured()[0]


def current_version() -> int:
    return _configured()[0][0]


def _keys(version: int | None = None) -> tuple[AESGCM, bytes]:
    versions, keys = _configured()
    found = keys.get(versions[0] if version is None else version)
    if found is None:
        raise UnknownKeyVersion(f"personal-data key version {version} is not configured")
    return found


def version_of(token_or_index: bytes) -> int:
    """The key version a token or a blind index was written with."""
    return bytes(token_or_index)[0]


def encrypt(value: str, *, purpose: str) -> bytes:
    """``value`` encrypted for the column named by ``purpose`` under the current key: key
    version, nonce, ciphertext+tag."""
    cipher, _ = _keys()
    nonce = os.urandom(NONCE_BYTES)
    version = bytes((current_version(),))
    return version + nonce + cipher.encrypt(nonce, value.encode(), purpose.encode())


def decrypt(token: bytes, *, purpose: str) -> str:
    """The plain value of a token written by :func:`encrypt` with the same ``purpose``, under
    any configured key version."""
    token = bytes(token)
    if len(token) < 1 + NONCE_BYTES + 16:
        raise DecryptionError("not a personal-data token")
    cipher, _ = _keys(token[0])
    nonce, body = token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
    try:
        return cipher.decrypt(nonce, body, purpose.encode()).decode()
    except InvalidTag:
        raise DecryptionError("token does not match this key or column") from None


def normalise(value: str) -> str:
    """The form that is indexed: no spaces or dashes, upper case ("x" and "X" are one ID)."""
    return "".join(value.split()).replace("-", "").upper()


def blind_index(value: str, *, purpose: str, version: int | None = None) -> bytes:
    """The key version byte and the HMAC-SHA256 of the normalised value under that version's
    index key (the current one unless named), bound to ``purpose``."""
    versions, keys = _configured()
    version = versions[0] if version is None else version
    found = keys.get(version)
    if found is None:
        raise UnknownKeyVersion(f"personal-data key version {version} is not configured")
    message = purpose.encode() + b"\x00" + normalise(value).encode()
    return bytes((version,)) + hmac.digest(found[1], message, "sha256")


def blind_indexes(value: str, *, purpose: str) -> list[bytes]:
    """The value's blind index under every configured key, the current one first: what a look-up
    searches, so that rows not yet rewritten by a rotation are still found."""
    return [blind_index(value, purpose=purpose, version=v) for v in key_versions()]


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

    def __init__(self, *args, purpose: str, blind_index: str | None = None, **kwargs):
        self.purpose = purpose
        self.blind_index = blind_index  # the companion BlindIndexField's name, if any
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        if self.blind_index:
            kwargs["blind_index"] = self.blind_index
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
    """The key version and HMAC of a protected number, 33 bytes (see :func:`blind_index`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", INDEX_BYTES)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
