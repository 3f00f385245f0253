"""The dashboard's figures for a process."""
