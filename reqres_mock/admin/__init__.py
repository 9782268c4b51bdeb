"""Layer 7: the admin API under /_reqres/: JSON API, OpenAPI, listSwagger, run page, run queries."""
