"""Layer 6: record and replay: cassettes, the recording proxy, replay matching, scrubbing, drift."""
