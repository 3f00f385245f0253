"""Silence procedures: start, break, settle when the deadline passes."""
