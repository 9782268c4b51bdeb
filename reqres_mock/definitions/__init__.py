"""Layer 4: workflow definitions as people export them: loading, compiling actions, running them."""
