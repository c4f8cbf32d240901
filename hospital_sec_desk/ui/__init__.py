"""Qt widgets. They edit an in-memory answer model; never SQL or reportlab directly."""
