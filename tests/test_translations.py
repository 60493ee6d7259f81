"""locale/en: every string the templates and code mark for translation has an
English translation, and the committed django.mo says what django.po says (a
machine without GNU gettext serves the .mo as committed)."""

import gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
# What `make messages` reads (it skips .venv, staticfiles, tests and benchmarks).
SOURCES = ("cases", "govcases", "templates")


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def test_every_entry_of_the_po_file_is_translated():
    po = polib.pofile(str(CATALOG / "django.po"))
    untranslated = [entry.msgid for entry in _entries(po) if not entry.translated()]
    assert untranslated == []
    assert not po.metadata_is_fuzzy  # msgfmt would drop the header and its charset


def test_the_committed_mo_file_says_what_the_po_file_says():
    po = polib.pofile(str(CATALOG / "django.po"))
    with open(CATALOG / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    expected = {}
    for entry in _entries(po):
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                expected[(msgid, int(n))] = text
        else:
            expected[msgid] = entry.msgstr
    catalog = {key: text for key, text in compiled._catalog.items() if key != ""}
    assert catalog == expected, "run `make messages` to compile django.mo"


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext)",
)
def test_every_string_marked_for_translation_is_in_the_po_file(
    tmp_path, monkeypatch, settings
):
    """makemessages run afresh into a temporary folder finds the same strings as
    the committed catalog: none missing (it would show in Chinese on English
    pages), none left over."""
    for name in SOURCES:
        (tmp_path / name).symlink_to(Path(settings.BASE_DIR) / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], symlinks=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(CATALOG / "django.po"))
    fresh_keys = {_key(entry) for entry in _entries(fresh)}
    committed_keys = {_key(entry) for entry in _entries(committed)}
    assert sorted(fresh_keys - committed_keys, key=str) == [], "missing: make messages"
    assert sorted(committed_keys - fresh_keys, key=str) == [], "stale: make messages"
