"""Layer 9: the reqres-mock command: the verbs, the per-call log, --reload."""
