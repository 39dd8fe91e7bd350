"""Encryption at rest for the sensitive columns (offers, salaries, negotiation outcomes, assessment results,
memories): Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with key rotation.

Keys: `COACH_ENCRYPTION_KEYS`, a comma list of Fernet keys (`coach db new-key` makes one). The first encrypts;
all of them decrypt, so a new key goes first and the old ones stay until `coach db rotate-key` has re-encrypted
every row with the first. Without the setting, a key is generated once and kept in the data folder
(`encryption_key`, mode 600): fine for one host; set the keys explicitly when several hosts share a database,
and keep them apart from database backups.

A column declared `EncryptedJSON` stores `{"fernet": "<token>"}` in a JSON column, so its type is unchanged and
a row written before encryption (plain JSON) still reads; `rotate-key` encrypts those too."""

from __future__ import annotations

import json
import threading
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, Text
from sqlalchemy.types import TypeDecorator

from agent.settings import Settings

ENVELOPE = "fernet"

_lock = threading.Lock()
_cipher: MultiFernet | None = None


class EncryptionKeyError(RuntimeError):
    """A stored value that none of the configured keys opens (a key was removed too early, or is wrong)."""


def keys_for(settings: Settings) -> list[str]:
    if settings.encryption_keys:
        return list(settings.encryption_keys)
    key_file = settings.data_dir / "encryption_key"
    with _lock:
        if not key_file.exists():
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(Fernet.generate_key().decode())
            key_file.chmod(0o600)
    return [key_file.read_text().strip()]


def configure(settings: Settings) -> MultiFernet:
    """Use these settings' keys in this process (the server and the CLI call it at start)."""
    global _cipher
    try:
        _cipher = MultiFernet([Fernet(key.encode()) for key in keys_for(settings)])
    except (ValueError, TypeError) as exc:
        raise EncryptionKeyError("COACH_ENCRYPTION_KEYS holds a key that is not a Fernet key (32 url-safe "
                                 "base64-encoded bytes); make one with `coach db new-key`") from exc
    return _cipher


def cipher() -> MultiFernet:
    return _cipher if _cipher is not None else configure(Settings())


def encrypt_text(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise EncryptionKeyError("a stored value cannot be decrypted with the configured keys "
                                 "(COACH_ENCRYPTION_KEYS must still list the key it was written with)") from exc


def is_sealed(raw: Any) -> bool:
    return isinstance(raw, dict) and set(raw) == {ENVELOPE}


class EncryptedJSON(TypeDecorator):
    """A JSON value, stored encrypted (see the module docstring)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return {ENVELOPE: encrypt_text(json.dumps(value, separators=(",", ":")))}

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if is_sealed(value):
            return json.loads(decrypt_text(value[ENVELOPE]))
        return value  # written before encryption: plain


class EncryptedText(TypeDecorator):
    """A string, stored encrypted as a Fernet token (text written before encryption reads as it is)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return None if value is None else encrypt_text(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None or not value.startswith("gAAAAA"):  # every Fernet token starts so (version byte + time)
            return value
        return decrypt_text(value)


def sealed_columns(metadata: Any) -> dict[str, list[tuple[str, type]]]:
    """Table name → its encrypted columns and their storage type (JSON or Text)."""
    found: dict[str, list[tuple[str, type]]] = {}
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (EncryptedJSON, EncryptedText)):
                found.setdefault(table.name, []).append((column.name, type(column.type.impl)))
    return found


def reseal(engine: Any, metadata: Any, rotate: bool = False) -> int:
    """Encrypt every stored value still in plain text; with rotate, also re-encrypt sealed ones with the first
    key (after which older keys can be removed). Returns the values rewritten. Row by row, one transaction."""
    import sqlalchemy as sa

    fernet, changed = cipher(), 0
    with engine.begin() as connection:
        for table_name, columns in sealed_columns(metadata).items():
            # The same table with plain types, so values are read and written exactly as stored.
            raw = sa.Table(table_name, sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                           *(sa.Column(name, kind) for name, kind in columns))
            for row in connection.execute(sa.select(raw)).mappings():
                update = {}
                for name, kind in columns:
                    value = row[name]
                    if value is None:
                        continue
                    if kind is Text:
                        sealed = value.startswith("gAAAAA")
                        if not sealed or rotate:
                            update[name] = fernet.rotate(value.encode()).decode() if sealed else encrypt_text(value)
                    elif not is_sealed(value):
                        update[name] = {ENVELOPE: encrypt_text(json.dumps(value, separators=(",", ":")))}
                    elif rotate:
                        update[name] = {ENVELOPE: fernet.rotate(value[ENVELOPE].encode()).decode()}
                if update:
                    connection.execute(sa.update(raw).where(raw.c.id == row["id"]).values(**update))
                    changed += len(update)
    return changed
