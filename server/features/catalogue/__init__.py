"""The words the browser shows for the server's codes, from the one source of each: the
event catalogue, the phases, statuses, kinds and states of the core."""
