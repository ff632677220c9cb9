"""Retention by resolution speed (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("Retention by resolution speed")
st.info("This view is being built: it will show Retention by resolution speed for the filters in the sidebar.")
