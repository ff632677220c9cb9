"""Small vs large accounts (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("Small vs large accounts")
st.info("This view is being built: it will show Small vs large accounts for the filters in the sidebar.")
