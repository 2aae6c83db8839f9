"""Benchmarks: each figure printed beside a bare slack-bolt baseline measured in the same run."""
