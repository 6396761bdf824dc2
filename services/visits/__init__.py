"""Visits: reading a free-text report, the draft flow, and the saved visits."""
