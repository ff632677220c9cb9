"""Per-view chart assembly: each module's `build(filters, params) -> list[Chart]`.

Views lay these charts out; the all-pages deck builds them all. Modules call
metrics through ui.cache and figures through charts/, nothing else.
"""
