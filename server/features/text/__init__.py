"""The text: documents, the working copy, publishing revisions (publication.py), reading
and comparing them."""
