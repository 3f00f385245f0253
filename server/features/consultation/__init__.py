"""Consultation: written contributions and statements by cluster, and summaries."""
