"""Screening a population: the compiled rules as one SQL program (DuckDB), CSV/RDF input, result files."""
