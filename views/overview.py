"""How many customers are we losing, and why? (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("How many customers are we losing, and why?")
st.info("This view is being built: it will show How many customers are we losing, and why? for the filters in the sidebar.")
