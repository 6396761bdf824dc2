"""Tests of the offline Telegram Bot API emulator (emulator)."""
