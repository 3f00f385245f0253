"""Amendments: propose, revise, submit, withdraw, co-proponents, support or oppose, decide."""
