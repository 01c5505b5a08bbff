"""Tested NumPy code shown on the site; one module per topic."""
