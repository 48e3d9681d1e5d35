"""The portal's REST API (issue 15): clients and tokens, the shared API machinery, the mount.

Each app exposes its own resources in its own ``api/`` package (``projects/api/``, ...);
this package only authenticates, limits, logs, paginates and mounts them under ``/api/v1/``.
"""
