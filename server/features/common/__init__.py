"""What every feature's use cases share: the unit-of-work context and entering a process."""
