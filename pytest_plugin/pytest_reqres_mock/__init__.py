"""The reqres-mock pytest plugin (registered through the ``pytest11`` entry point)."""
