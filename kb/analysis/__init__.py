"""Questions about the rule base itself: static conflicts, coverage of the documents, procedures."""
