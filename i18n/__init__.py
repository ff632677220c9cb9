"""Language support: message catalogs, locale-aware formatting, language choice, CJK fonts.

Two languages, English ("en", the source language of every message) and
Simplified Chinese ("zh"). The package is pure Python (no Streamlit, no
import of charts/ui/views/metrics), so charts/ and ui/ can import it freely:

- `i18n.catalog`: `translator(lang)` -> `_`, with `_.ngettext` and
  `_.pgettext`; `N_` marks a module-level constant for extraction.
- `i18n.formats`: numbers, counts (万 / 亿 in Chinese), money, percentages,
  dates, date ranges and durations, each `f(value, lang)`.
- `i18n.choice`: which language a session reads (URL `lang`, then the
  browser's locale, then English).
- `i18n.fonts`: the CJK font family for Plotly and the East Asian typeface
  for python-pptx runs.
- `i18n.text`: line wrapping by display width for Chinese footnotes.

docs/i18n.md says how to add, extract, translate, compile and test a message.
"""
from __future__ import annotations

from i18n.catalog import LANGS, N_, Translator, translator
from i18n.choice import DEFAULT_LANG, choose_lang

__all__ = ["DEFAULT_LANG", "LANGS", "N_", "Translator", "choose_lang", "translator"]
