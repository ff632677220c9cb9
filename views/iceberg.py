"""The complaint iceberg (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("The complaint iceberg")
st.info("This view is being built: it will show The complaint iceberg for the filters in the sidebar.")
