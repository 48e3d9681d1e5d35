"""Backups and restores of the whole portal (issue 17): the database and the uploaded files.

* :mod:`.tools` finds the server's own ``pg_dump`` / ``pg_restore`` and speaks to a database;
* :mod:`.sets` is the backup set on disk: ``database.dump`` (pg_dump custom format),
  ``media.tar`` (the uploaded files), ``manifest.json`` (when, which migrations, rows per table)
  and ``SHA256SUMS`` (checked before anything is restored); never a key;
* :mod:`.retention` decides which sets to keep (daily, weekly, monthly);
* :mod:`.create`, :mod:`.restore` and :mod:`.drill` are the three actions, used by
  ``manage.py backup`` / ``restore`` / ``restore_drill`` and the nightly task.
"""
