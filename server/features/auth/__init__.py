"""Signing in and out, API tokens, password hashing and sign-in throttling."""
