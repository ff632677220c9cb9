"""Upload extracts (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("Upload extracts")
st.info("This view is being built: it will show Upload extracts for the filters in the sidebar.")
