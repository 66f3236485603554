"""Scripts the generated-clients test runs in a subprocess, each with one generated client
importable (tests/e2e/test_generated_clients.py). They use the generated code as it came out
of its generator: nothing here may work around it."""
