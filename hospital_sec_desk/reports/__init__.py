"""Reports: the only code that touches reportlab."""

from .rl_import import defer_pil_image, defer_pyfontify, defer_uri_pattern

defer_uri_pattern()
defer_pil_image()
defer_pyfontify()
