"""Offline evaluation: cases, metrics, harness, report."""
