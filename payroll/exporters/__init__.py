"""Excel and PDF outputs of the payroll app."""
