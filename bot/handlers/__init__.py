"""Telegram handlers: each parses an update, makes one service call and renders the reply."""
