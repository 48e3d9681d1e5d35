"""Bank files of wage payments (代发, plan task 9): layouts as data, the batch file, the reply.

* ``layouts``: each paying bank's file layout, read from JSON files (``data/bank_layouts/`` and
  ``data/districts/<name>/bank_layouts/``); a district adds a layout with a file, no code.
* ``writer``: the batch file (CSV, XLSX or fixed-width TXT) of a payment batch.
* ``reader``: the bank's reply file as a sheet for the one import engine.
"""
