"""Layer 4: schema tools: sample to schema, fake and invalid bodies, Hypothesis strategies."""
