"""What holds for one household: accounting of derived facts, pyDatalog derivation, the three-valued re-check."""
