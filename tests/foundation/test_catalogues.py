"""Translations that cannot collide. Django merges every catalogue into one per language, the first app in
INSTALLED_APPS (and the project's LOCALE_PATHS above all) winning: a text two catalogues translate differently
shows one app's word everywhere. So: no msgid (with its context) may be translated differently by two of this
project's catalogues, nor differently from an installed app's catalogue (Django's, the admin's, DRF's …) where this
project translates it too; and no zh-hans entry of the project may be fuzzy or empty.

The compiled catalogues are read the way Django reads them (gettext's .mo files; `make test` compiles them first).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings

from csc.text import full_width

ROOT = Path(settings.BASE_DIR)
LANGUAGE = "zh_Hans"


def _is_project(path: Path) -> bool:
    return path.is_relative_to(ROOT) and ".venv" not in path.parts


def _catalogues() -> list[tuple[str, bool, dict]]:
    """(name, belongs to the project, {msgid or (msgid, n): translation}) for every zh-hans catalogue Django merges."""
    found = []
    for path in settings.LOCALE_PATHS:
        found.append(("LOCALE_PATHS", Path(path)))
    for config in apps.get_app_configs():
        found.append((config.label, Path(config.path) / "locale"))
    found.append(("django", Path(django.__file__).parent / "conf" / "locale"))
    catalogues = []
    for name, locale in found:
        mo = locale / LANGUAGE / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            catalogues.append((name, _is_project(locale), {k: v for k, v in catalog.items() if k != ""}))
    return catalogues


def collisions(catalogues) -> dict:
    """Every key the project translates that two catalogues translate differently: {key: {translation: [names]}}."""
    ours = set().union(*(catalog for _name, mine, catalog in catalogues if mine))
    found = {}
    for key in ours:
        translations: dict[str, list[str]] = {}
        for name, _mine, catalog in catalogues:
            if key in catalog:
                translations.setdefault(catalog[key], []).append(name)
        if len(translations) > 1:
            found[key] = translations
    return found


def _entries(po: Path):
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid is None or block.lstrip().startswith("#~"):
            continue
        text = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if not text:
            continue  # the header
        translated = "".join(re.findall(r'"(.*)"', msgstr.group(1))) if msgstr else "(plural)"
        yield text, translated, re.search(r"^#,.*\bfuzzy\b", block, re.M) is not None


def _project_po_files() -> list[Path]:
    return sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if _is_project(p))


def test_no_text_is_translated_two_ways():
    catalogues = _catalogues()
    assert sum(mine for _n, mine, _c in catalogues) >= 9  # the project's ten catalogues were read, not none

    found = collisions(catalogues)

    lines = [f"{key!r}: " + "; ".join(f"{t} ({', '.join(n)})" for t, n in ways.items()) for key, ways in found.items()]
    assert not found, f"{len(found)} texts are translated two ways (give one a context):\n" + "\n".join(sorted(lines))


def test_a_collision_is_caught_with_every_catalogue_named():
    ours = ("tickets", True, {"Open": "进行中"})
    theirs = ("complaints", True, {"Open": "未处理"})
    installed = ("admin", False, {"Filter": "过滤器"})
    mine_too = ("callcenter", True, {"Filter": "筛选", "call centre\x04Caller": "来电人"})

    found = collisions([ours, theirs, installed, mine_too])

    assert found == {
        "Open": {"进行中": ["tickets"], "未处理": ["complaints"]},
        "Filter": {"过滤器": ["admin"], "筛选": ["callcenter"]},
    }


def test_no_project_entry_is_fuzzy_or_empty():
    files = _project_po_files()
    assert len(files) >= 9

    bad = [
        f"{po.relative_to(ROOT)}: {'fuzzy' if fuzzy else 'empty'}: {msgid!r}"
        for po in files
        for msgid, translated, fuzzy in _entries(po)
        if fuzzy or not translated
    ]

    assert not bad, "\n".join(bad)


def test_chinese_translations_use_full_width_punctuation():
    """已受理，编号 — not 已受理,编号: a half-width mark touching a Chinese character is a typo in a catalogue."""
    files = _project_po_files()

    bad = [
        f"{po.relative_to(ROOT)}: {translated!r} → {full_width(translated)!r}"
        for po in files
        for _msgid, translated, _fuzzy in _entries(po)
        if translated != "(plural)" and full_width(translated) != translated
    ]

    assert not bad, "\n".join(bad)


def test_full_width_changes_only_marks_touching_chinese():
    assert full_width("已受理,编号 26120001") == "已受理，编号 26120001"
    assert full_width("金额(元)") == "金额（元）"
    assert full_width("客户是否接受?") == "客户是否接受？"
    assert full_width("10:00 前; a, b (c) http://x") == "10:00 前；a, b (c) http://x"
