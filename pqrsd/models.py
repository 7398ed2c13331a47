"""Models of the pqrsd app."""
