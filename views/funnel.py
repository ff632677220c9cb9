"""The lost-customer funnel (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("The lost-customer funnel")
st.info("This view is being built: it will show The lost-customer funnel for the filters in the sidebar.")
