"""Layer 3: the Workflow Definition Language (grammar, evaluator, functions, dates, numbers)."""
