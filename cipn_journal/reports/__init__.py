"""What a command shows, assembled from store reads and domain rules: windows, the summary,
history, the visit document. Objects, not text."""
