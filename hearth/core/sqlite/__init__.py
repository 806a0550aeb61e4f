"""Django's SQLite backend with fair write transactions (see base.py)."""
