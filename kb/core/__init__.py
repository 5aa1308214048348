"""The vocabulary every layer shares: facts of a household, exact money, the compiled rule-base model, dated parameters."""
