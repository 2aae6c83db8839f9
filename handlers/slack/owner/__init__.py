"""/owner's parts: parsing, replies, Block Kit for the card, history, settings, hand-over, home."""
