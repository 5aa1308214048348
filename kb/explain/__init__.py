"""The answer a person reads: views of the evaluation, text in zh and en, favourability principles, comparison."""
