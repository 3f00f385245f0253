"""A delegation's marked-up Word file (tracked changes and comments) as its draft amendments."""
