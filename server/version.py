"""Accord's version (the OpenAPI document and the package say it)."""

VERSION = "0.1.0"
