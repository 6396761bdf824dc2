"""Reminders: what falls due (rules), the rows claimed by the outbox, what the user does, the digest."""
