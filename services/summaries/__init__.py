"""Summaries: periods, plain-words questions, the figures and the records they come back in."""
