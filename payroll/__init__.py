"""Workers, labour survey, hiring, attendance and monthly wage ledgers."""
