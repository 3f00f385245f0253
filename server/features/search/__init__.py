"""Search: finding words across a process's texts, amendments, inputs and summaries."""
