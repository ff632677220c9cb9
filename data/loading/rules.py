"""Every rule name the loader reports, declared once as a translatable message.

A failure's `rule` is the rule's English text ("duplicate key in file", "satisfaction outside
1..5"): what the failures table holds, the CLI prints, the corpus tests compare. `rule(...)`
declares it from its message and returns that English text; `rule_message(text)` gives the
message back, so the upload page can say the rule in its own language. Rules with values
(a column, a range, a table) are declared once per value the schema allows; the few that
name what an analyst typed (a mapping to an unknown column) are declared when they occur.
"""
from __future__ import annotations

from i18n import N_
from i18n.message import Message

from data.schema import AFTER_OPENED, EARLIEST_DATE, FUTURE_DAYS, RANGES, TABLES

_RULES: dict[str, Message] = {}


def rule(text: str, /, **values: object) -> str:
    """Declare the rule said by the msgid `text` with `values`; returns its English text (the key)."""
    message = Message(text, **values)
    key = message.say("en")
    _RULES.setdefault(key, message)
    return key


def rule_message(key: str) -> Message:
    """The message of a rule by its English text (an undeclared text is said as it is)."""
    return _RULES.get(key) or Message("{rule}", rule=key)


# -- reading the file (read.py, textscan.py, core.py) ------------------------------------------
EMPTY_FILE = rule(N_("empty file"))
PASSWORD = rule(N_("password-protected workbook"))
UNREADABLE = rule(N_("not a readable file"))
WRONG_VALUES = rule(N_("wrong number of values"))
DUPLICATE_COLUMN = rule(N_("duplicate column name"))
NO_SHEET = rule(N_("sheet not found"))
UNKNOWN_ENCODING = rule(N_("unknown encoding"))
ENCODING_NOT_CERTAIN = rule(N_("encoding not certain"))
UNKNOWN_TIME_ZONE = rule(N_("unknown time zone"))

# -- the mapping (mapping.py, validate.py) -----------------------------------------------------
MISSING_COLUMN = rule(N_("missing required column"))
NOT_IN_FILE = rule(N_("no such column in the file"))
MAPPED_TWICE = rule(N_("mapped from more than one source column"))
AMBIGUOUS_DATE = rule(N_("ambiguous date format"))
AMBIGUOUS_NUMBER = rule(N_("ambiguous number format"))


def not_a_column(table: str, column: str) -> str:
    """The rule for a mapping onto a name that is not a column of `table`."""
    return rule(N_("not a column of {table}: '{column}'"), table=table, column=column)


# -- the values (validate.py) -------------------------------------------------------------------
REQUIRED_VALUE = rule(N_("required value missing"))
MALFORMED_NUMBER = rule(N_("malformed number"))
NOT_WHOLE = rule(N_("not a whole number"))
IMPOSSIBLE_DATE = rule(N_("impossible date"))
UNPARSEABLE_DATE = rule(N_("unparseable date"))
OUT_OF_RANGE = rule(N_("date before {earliest} or more than {days} days after the load"),
                    earliest=EARLIEST_DATE, days=FUTURE_DAYS)
NOT_YES_NO = rule(N_("not a yes/no value"))
DUPLICATE_KEY = rule(N_("duplicate key in file"))
KEY_EXISTS = rule(N_("key already in warehouse"))
UNKNOWN_CUSTOMER = rule(N_("unknown customer"))
NEGATIVE_AMOUNT = rule(N_("negative amount"))
OUTSIDE = {name: rule(N_("{column} outside {low}..{high}"), column=name, low=str(lo), high=str(hi))
           for name, (lo, hi) in RANGES.items()}
BAD_LEVEL = rule(N_("level not frontline/escalated"))
BEFORE_OPENED = {name: rule(N_("{column} before opened_at"), column=name) for name in AFTER_OPENED}
CHURN_BEFORE_SIGNUP = rule(N_("churn_date before signup_date"))
CHURN_BEFORE_ORDER = rule(N_("churn_date before first order"))
STILL_USED = {child: rule(N_("customer missing but used in {table}"), table=child)
              for child in TABLES if child != "customers"}
