"""Benchmarks: a synthetic corpus of many agencies and a runner that times site builds."""
