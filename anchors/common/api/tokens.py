"""Personal API tokens: made with ``secrets``, stored only as their sha256."""

import hashlib
import secrets

TOKEN_BYTES = 32
# The first characters of a token, kept in clear so a person can tell their tokens apart.
PREFIX_LENGTH = 8


def new_token() -> str:
    """A new random token (43 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_prefix(raw: str) -> str:
    return raw[:PREFIX_LENGTH]
