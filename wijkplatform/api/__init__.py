"""Read-only JSON API of public data, with its OpenAPI document."""
