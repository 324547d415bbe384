"""Reports: statistics aggregated in SQL over the caller's subtree."""
