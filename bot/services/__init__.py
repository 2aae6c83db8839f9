"""Use cases: storage and ports in, plain results out. No Slack: handlers translate and render."""
