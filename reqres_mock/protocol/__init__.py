"""Layer 2: Logic Apps' wire rules (callback URLs and SAS, routing, hosts, error replies, x-ms
headers, trigger outputs, Response rendering, schema validation, trigger concurrency limits)."""
