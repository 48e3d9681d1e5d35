"""Project pipeline: reserve pool, review, annual list, approval, changes, documents, notices."""
