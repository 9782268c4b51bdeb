"""Layer 5: the engine: the call pipeline, workflows, runs and their journal, execution, firing.

It knows no transport; what plugs into it implements the protocols it defines."""
