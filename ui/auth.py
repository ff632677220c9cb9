"""Who may see the upload page (placeholder until the roles issue: everyone is an analyst)."""
from __future__ import annotations


def is_analyst() -> bool:
    return True
