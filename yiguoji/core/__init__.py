"""The shared core: district geography, organisations, users and roles, scope, audit, jobs."""
