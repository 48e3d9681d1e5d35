"""Training's resources in the REST API (issue 15): the training ledger's records."""
