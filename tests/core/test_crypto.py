"""Personal data at rest (yiguoji.core.crypto): AES-GCM, blind index, masks, the model field."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.test import override_settings

from yiguoji.core import crypto

ID = "11022919900101123X"
PURPOSE = "test.id_number"
OTHER_KEY = "another-personal-data-key-" + "q7Wz" * 10
OTHER_KEYS = ((1, OTHER_KEY),)


def test_round_trip_and_random_nonce():
    first = crypto.encrypt(ID, purpose=PURPOSE)
    second = crypto.encrypt(ID, purpose=PURPOSE)
    assert first != second  # a fresh nonce per value: equal numbers do not look equal
    assert crypto.decrypt(first, purpose=PURPOSE) == ID
    assert crypto.decrypt(second, purpose=PURPOSE) == ID
    assert ID.encode() not in first
    assert first[0] == crypto.current_version()


def test_tampered_token_is_refused():
    token = bytearray(crypto.encrypt(ID, purpose=PURPOSE))
    token[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(token), purpose=PURPOSE)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(b"\x01short", purpose=PURPOSE)


def test_token_of_another_column_does_not_decrypt():
    token = crypto.encrypt(ID, purpose=PURPOSE)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, purpose="test.bank_card")


def test_token_of_another_key_does_not_decrypt():
    token = crypto.encrypt(ID, purpose=PURPOSE)
    with override_settings(PERSONAL_DATA_KEYS=OTHER_KEYS), pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, purpose=PURPOSE)


def test_blind_index_is_deterministic_normalised_and_keyed():
    index = crypto.blind_index(ID, purpose=PURPOSE)
    assert len(index) == crypto.INDEX_BYTES
    assert crypto.blind_index(" 110229 19900101 123x ", purpose=PURPOSE) == index
    assert crypto.blind_index(ID, purpose="test.bank_card") != index
    assert crypto.blind_index("110229199001011238", purpose=PURPOSE) != index
    with override_settings(PERSONAL_DATA_KEYS=OTHER_KEYS):
        assert crypto.blind_index(ID, purpose=PURPOSE) != index


def test_encryption_and_index_keys_are_derived_separately(settings):
    _cipher, index_key = crypto._keys()
    secret = settings.PERSONAL_DATA_KEYS[0][1]
    encryption_key = crypto._derive(secret, crypto._ENCRYPTION_INFO)
    assert index_key != encryption_key
    assert secret.encode() not in (index_key, encryption_key)


@pytest.mark.parametrize(
    ("value", "head", "tail", "masked"),
    [
        (ID, 6, 4, "110229********123X"),
        ("6217000010001234567", 4, 4, "6217***********4567"),
        ("6217 0000 1000 1234 567", 4, 4, "6217***********4567"),
        ("1234", 6, 4, "****"),
    ],
)
def test_mask(value, head, tail, masked):
    assert crypto.mask(value, head=head, tail=tail) == masked


def test_sealed_value_does_not_show_the_number():
    sealed = crypto.Sealed(crypto.encrypt(ID, purpose=PURPOSE), PURPOSE)
    assert str(sealed) == crypto.SEALED_TEXT
    assert ID not in repr(sealed) and ID not in f"{sealed}"
    assert sealed.reveal() == ID


def _raw(adapted) -> bytes:
    """The bytes inside the driver's Binary wrapper."""
    return bytes(getattr(adapted, "obj", adapted))


def test_field_encrypts_on_the_way_in_and_seals_on_the_way_out():
    field = crypto.EncryptedField(purpose=PURPOSE)
    stored = _raw(field.get_db_prep_value(ID, connection))
    assert ID.encode() not in stored
    loaded = field.from_db_value(stored, None, connection)
    assert isinstance(loaded, crypto.Sealed)
    assert loaded.reveal() == ID
    # A loaded value is written back as the same ciphertext, not re-encrypted.
    assert _raw(field.get_db_prep_value(loaded, connection)) == stored
    assert field.get_db_prep_value(None, connection) is None
    assert field.from_db_value(None, None, connection) is None


def test_field_refuses_a_value_sealed_for_another_column():
    field = crypto.EncryptedField(purpose=PURPOSE)
    sealed = crypto.Sealed(crypto.encrypt(ID, purpose="test.bank_card"), "test.bank_card")
    with pytest.raises(ValueError):
        field.get_db_prep_value(sealed, connection)


def test_field_refuses_lookups_other_than_isnull():
    field = crypto.EncryptedField(purpose=PURPOSE)
    field.name = "id_number"
    assert field.get_lookup("isnull") is not None
    with pytest.raises(FieldError):
        field.get_lookup("exact")


def test_field_deconstructs_with_its_purpose():
    _, path, _, kwargs = crypto.EncryptedField(purpose=PURPOSE, null=True).deconstruct()
    assert path == "yiguoji.core.crypto.EncryptedField"
    assert kwargs["purpose"] == PURPOSE


NEW_KEY = "the-next-personal-data-key-" + "Hk3p" * 10


def test_tokens_and_indexes_carry_the_key_version_and_old_versions_still_read(settings):
    old_token, old_index = (
        crypto.encrypt(ID, purpose=PURPOSE),
        crypto.blind_index(ID, purpose=PURPOSE),
    )
    old_version = crypto.current_version()
    settings.PERSONAL_DATA_KEYS = ((7, NEW_KEY), *settings.PERSONAL_DATA_KEYS)
    new_token = crypto.encrypt(ID, purpose=PURPOSE)
    assert (crypto.version_of(new_token), crypto.version_of(old_token)) == (7, old_version)
    assert crypto.decrypt(old_token, purpose=PURPOSE) == crypto.decrypt(new_token, purpose=PURPOSE)
    new_index = crypto.blind_index(ID, purpose=PURPOSE)
    assert new_index[0] == 7 and new_index != old_index
    assert crypto.blind_indexes(ID, purpose=PURPOSE) == [new_index, old_index]
    settings.PERSONAL_DATA_KEYS = ((7, NEW_KEY),)  # the old key retired
    with pytest.raises(crypto.UnknownKeyVersion):
        crypto.decrypt(old_token, purpose=PURPOSE)
