"""Pure rules of ownerbot: sides, questions, business time, weeks and statistics.

Standard library only, plain values in and plain values out: no I/O, no Slack, no database and no
clock reads (callers pass the time in). Datetimes are timezone-aware; naive ones raise ValueError.
"""
