"""Customer effort (placeholder: the views issue builds this page)."""
import streamlit as st

st.title("Customer effort")
st.info("This view is being built: it will show Customer effort for the filters in the sidebar.")
