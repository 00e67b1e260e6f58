"""Benchmarks run by hand against ../shared/corpora; not part of the installed package."""
