"""Policy DSL files -> a compiled rule base: every rule checked (safety, stratification, citations) and cited."""
