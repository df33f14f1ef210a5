"""Full-text search over the entries and the crictl rows: analysis, the index on disk, queries,
ranking, snippets, "did you mean", and the search page."""
