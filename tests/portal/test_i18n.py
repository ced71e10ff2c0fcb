"""The Vietnamese catalog is complete and its compiled .mo matches the .po."""

from pathlib import Path

import polib
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


def _catalogs():
    return sorted(CATALOG.glob("*.po"))


def test_there_is_a_vietnamese_catalog():
    assert (CATALOG / "django.po").exists()


def test_every_vietnamese_entry_is_translated():
    for po_path in _catalogs():
        po = polib.pofile(str(po_path))
        untranslated = [entry.msgid for entry in po.untranslated_entries()]
        fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
        assert not untranslated, f"{po_path.name}: untranslated: {untranslated[:20]}"
        assert not fuzzy, f"{po_path.name}: fuzzy: {fuzzy[:20]}"


def test_compiled_catalog_is_current():
    """Compare message by message (not bytes): msgfmt and polib lay files out differently."""
    for po_path in _catalogs():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path.name} is missing: run `make messages`"
        po = {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
            for e in polib.pofile(str(po_path)).translated_entries()
        }
        mo = {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
            for e in polib.mofile(str(mo_path))
            if e.msgid
        }
        stale = sorted(str(key[1]) for key in set(po) ^ set(mo))
        changed = sorted(str(key[1]) for key in set(po) & set(mo) if str(po[key]) != str(mo[key]))
        hint = f"{mo_path.name} is stale: run `make messages` ({(stale + changed)[:10]})"
        assert not stale, hint
        assert not changed, hint


def test_pages_render_in_vietnamese_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Mục tiêu của Kế hoạch" in content


def test_language_switcher_serves_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "The plan’s goals" in response.content.decode()


def test_browser_language_does_not_override_vietnamese(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    assert "Mục tiêu của Kế hoạch" in response.content.decode()
