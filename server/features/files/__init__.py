"""Documents in and out: exports (DOCX, Akoma Ntoso, Markdown, text, HTML, PDF, Atom) and
imports."""
