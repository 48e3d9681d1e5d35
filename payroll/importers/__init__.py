"""The payroll app's Excel uploads, each declared once for the shared engine (yiguoji.imports)."""
