"""The read side of the text engine: compilations, collisions, lineage and attribution."""
