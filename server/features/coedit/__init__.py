"""Co-editing the working copy live, and the room: sharing it, the paragraph under discussion."""
