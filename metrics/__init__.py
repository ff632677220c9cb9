"""Pure metric functions over the warehouse (no Streamlit): each takes a cursor, filters, params."""
from metrics.inventory import table_counts

__all__ = ["table_counts"]
