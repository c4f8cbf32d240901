"""Reports: the only code that touches reportlab."""
