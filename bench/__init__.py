"""Benchmark of the foundation: AWS requests and latency per route, cold import of the app.

It prints figures beside their targets; it is not a test and never fails on a missed target.
Run it with `make bench` (or `.venv/bin/python -m bench --help`).
"""
