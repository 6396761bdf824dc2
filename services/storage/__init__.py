"""SQLAlchemy storage adapter: tables, engine set-up, migrations and the unit of work."""
