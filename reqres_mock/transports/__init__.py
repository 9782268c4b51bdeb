"""Layer 6: in-process transports: requests and httpx (respx) answered by the engine, no socket."""
