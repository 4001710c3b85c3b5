"""Benchmarks of issue 3 (see bench/README.md): run them as `python -m bench.seed` and
`python -m bench.pages` from the repository root."""
