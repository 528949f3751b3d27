"""Customer-facing text in English, Danish and German (X-5).

Translations live in gettext ``.po`` catalogs under ``tenure/locales``; English is the msgid
itself. They are read with Babel at first use, so there is no compile step.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "da", "de")
DEFAULT_LOCALE = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


@cache
def _catalog(locale: str) -> dict[str, str]:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    out: dict[str, str] = {}
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            out[message.id] = str(message.string)
    return out


def gettext(message: str, locale: str) -> str:
    if locale == DEFAULT_LOCALE:
        return message
    return _catalog(locale).get(message, message)


def is_msgid(message: str) -> bool:
    """Whether ``message`` is a translated message (a msgid of the catalogs)."""
    return bool(message) and all(message in _catalog(locale) for locale in SUPPORTED_LOCALES[1:])


@lru_cache(maxsize=512)
def normalize_locale(value: str | None) -> str | None:
    """Map ``da-DK``, ``de_AT``, ``DE`` … to a supported locale, or ``None``. Remembered:
    parsing a locale is slow and the same few values come by again and again."""
    if not value:
        return None
    try:
        language = Locale.parse(value.strip().replace("-", "_")).language
    except (ValueError, UnknownLocaleError):
        return None
    return language if language in SUPPORTED_LOCALES else None


def negotiate(accept_language: str | None, fallback: str | None = None) -> str:
    """Pick the caller's language from an ``Accept-Language`` header, then a fallback."""
    if accept_language:
        choices: list[tuple[float, str]] = []
        for part in accept_language.split(","):
            piece, _, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            choices.append((quality, piece))
        for _, piece in sorted(choices, key=lambda c: -c[0]):
            found = normalize_locale(piece)
            if found:
                return found
    return normalize_locale(fallback) or DEFAULT_LOCALE
