"""The hash-chained history of each process: recording, reading and verifying it."""
