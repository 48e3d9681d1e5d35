"""Training sessions, the training ledger and long-term conversions."""
