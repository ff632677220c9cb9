"""The message catalogs: complete, in step with the code, compiled; and the translator API.

The template is extracted here from the code (the same babel.cfg and keywords
as `make i18n-extract`), so a message added to a page without a Chinese
translation fails this test, as does a fuzzy (unreviewed) entry, a
translation that drops or renames a `{placeholder}`, a .mo that is not the
compilation of its .po, and a message whose msgid is not a plain string
literal (an f-string or a concatenation in `_()` is never extracted, so it
would stay English without anyone noticing).
"""
from __future__ import annotations

import ast
import string
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from i18n.catalog import LANGS, LOCALES, N_, mo_path, translator

ROOT = Path(__file__).resolve().parent.parent
Key = tuple[str | None, str]  # (context, msgid); a plural is keyed by its singular


def _key(msgid: str | tuple[str, ...], context: str | None) -> Key:
    return context, msgid[0] if isinstance(msgid, tuple) else msgid


def extracted() -> dict[Key, str | tuple[str, ...]]:
    """Every message the code marks, extracted as `make i18n-extract` does."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS)
    return {_key(msgid, context): msgid for _, _, msgid, _, context in found}


def catalog(lang: str):
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def fields(text: str) -> set[str]:
    """The named placeholders of a str.format template."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def code() -> dict[Key, str | tuple[str, ...]]:
    messages = extracted()
    assert len(messages) >= 100, "the starter set alone has over 100 messages"
    return messages


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalog_holds_exactly_the_messages_of_the_code(code, lang: str) -> None:
    po = {_key(m.id, m.context) for m in catalog(lang) if m.id}
    missing, stale = sorted(set(code) - po, key=str), sorted(po - set(code), key=str)
    assert not missing, f"{lang}: not in the catalog, run `make i18n-update`: {missing[:10]}"
    assert not stale, f"{lang}: no longer in the code, run `make i18n-update`: {stale[:10]}"


def test_every_message_has_a_reviewed_chinese_translation(code) -> None:
    problems = []
    for m in catalog("zh"):
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        elif not all(s.strip() for s in strings):
            problems.append(f"untranslated: {m.id!r}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders_of_the_msgid(lang: str) -> None:
    for m in catalog(lang):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = [s for s in (m.string if isinstance(m.string, tuple) else (m.string,)) if s]
        wanted = set().union(*(fields(i) for i in ids))
        for s in strings:
            assert fields(s) == wanted, f"{lang}: {m.id!r} -> {s!r}"


def test_placeholders_are_named() -> None:
    """'{}' or '{0}' cannot be reordered by a translator who does not see the code."""
    for full in extracted().values():
        for text in full if isinstance(full, tuple) else (full,):
            assert all(f and not f.isdigit() for f in fields(text)), text


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_is_the_compiled_po(lang: str) -> None:
    compiled = BytesIO()
    write_mo(compiled, catalog(lang))
    assert mo_path(lang).read_bytes() == compiled.getvalue(), f"{mo_path(lang)} is stale: run `make i18n`"


# The gettext functions and how many leading arguments of each are message text.
TEXT_ARGS = {"_": 1, "gettext": 1, "N_": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}


def _called_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def test_every_msgid_in_the_code_is_a_string_literal() -> None:
    """`_(f"{n} lost")`, `_("a" + b)` or `_(text)` cannot be extracted: the msgid must be a literal."""
    with (ROOT / "babel.cfg").open() as f:
        patterns = [p for p, _ in parse_mapping_cfg(f)[0]]
    files = sorted({p for pattern in patterns for p in ROOT.glob(pattern.replace("**.py", "**/*.py"))}
                   - {ROOT / "i18n" / "catalog.py", ROOT / "i18n" / "message.py"})  # these forward msgids to gettext
    assert {ROOT / "dashboard.py", ROOT / "views" / "upload.py", ROOT / "data" / "loading" / "rules.py"} <= set(files)
    bad = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _called_name(node) if isinstance(node, ast.Call) else None
            if name is None or name not in TEXT_ARGS or not isinstance(node, ast.Call):
                continue
            n_text = TEXT_ARGS[name]
            texts = node.args[:n_text]
            if len(texts) < n_text or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, f"msgid not a string literal: {bad}"


SENTENCE = ("{n} customer left in this window, taking {revenue} of annual revenue with them; "
            "{share} of them left without a complaint on record.",
            "{n} customers left in this window, taking {revenue} of annual revenue with them; "
            "{share} of them left without a complaint on record.")


def test_translator_translates_whole_sentences_with_named_placeholders() -> None:
    _ = translator("zh")
    assert _("Complaint iceberg") == "投诉冰山"
    assert _("Small vs large accounts") == "大小客户"
    assert _("Signed in as {email}").format(email="li@example.com") == "已登录：li@example.com"
    sentence = SENTENCE
    values = dict(n="3,906", revenue="367.2万", share="87%")
    assert (_.ngettext(*sentence, 3906).format(**values)
            == "本期流失客户3,906名，带走年收入367.2万；其中87%在流失前没有任何投诉记录。")
    assert _.ngettext(*sentence, 1) == _.ngettext(*sentence, 3906)  # Chinese has one plural form
    assert _.pgettext("lost customers table", "Left") == "流失情形"
    assert _.pgettext("share of complaints", "Resolved") == "已解决占比"


def test_english_is_the_msgid_with_english_plurals() -> None:
    _ = translator("en")
    assert _("Complaint iceberg") == "Complaint iceberg"
    assert _.ngettext("{n} customer", "{n} customers", 1).format(n=1) == "1 customer"
    assert _.ngettext("{n} customer", "{n} customers", 2).format(n=2) == "2 customers"
    assert _.ngettext("{n} customer", "{n} customers", 0).format(n=0) == "0 customers"
    assert _.pgettext("lost customers table", "Left") == "Left"
    # a plural message of the English catalog (empty msgstr[]) still gives the English forms
    assert _.ngettext(*SENTENCE, 1) == SENTENCE[0] and _.ngettext(*SENTENCE, 2) == SENTENCE[1]


def test_a_message_not_in_the_catalog_falls_back_to_english_and_n_marks_without_translating() -> None:
    assert translator("zh")("A sentence nobody wrote yet") == "A sentence nobody wrote yet"
    assert N_("Overview") == "Overview"
    assert translator("zh")(N_("Overview")) == "总览"


def test_translator_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        translator("fr")
    assert translator("zh") is translator("zh")  # loaded once per process


def test_the_package_imports_no_streamlit_and_nothing_of_the_app() -> None:
    """charts/ and ui/ import i18n, so i18n must import none of them (no cycle) and no Streamlit."""
    code = ("import sys, i18n, i18n.catalog, i18n.choice, i18n.formats, i18n.fonts, i18n.text, i18n.message\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.split())
    assert "i18n" in loaded
    assert not loaded & {"streamlit", "charts", "ui", "views", "metrics", "data", "plotly"}, loaded
