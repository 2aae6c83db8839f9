"""Chat platforms: translate payloads, ack fast, call the services, render."""
