"""Language versions of a revision: import, entry, out-of-date marks and the parallel view."""
