"""Parsers of uploaded documents (DOCX, Akoma Ntoso) into the units of the text model.

Every parser is defensive: size limits, zip-bomb checks and XML parsed without entities,
network access or huge trees (:mod:`server.features.files.importers.safety`)."""
