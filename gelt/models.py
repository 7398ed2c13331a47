"""Models of the gelt app."""
