"""Benchmarks: each prints one JSON object comparing gridgov with a baseline measured in the same run."""
