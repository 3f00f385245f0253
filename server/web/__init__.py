"""The web layer every feature shares: routing (one endpoint decorator), the request context,
the one error path, the OpenAPI document, static files and security headers."""
