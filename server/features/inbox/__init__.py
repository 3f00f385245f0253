"""The inbox: what concerns each person, across their processes."""
