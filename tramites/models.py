"""Models of the tramites app."""
