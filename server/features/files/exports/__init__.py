"""Renderers of negotiated texts into exchange formats (DOCX, Akoma Ntoso, Markdown, text,
HTML, PDF, Atom). Pure functions of core objects: no database access here."""
