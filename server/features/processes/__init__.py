"""Processes: opening one, its clusters and settings, and its phases."""
