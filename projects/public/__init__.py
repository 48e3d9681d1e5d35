"""The anonymous pages of the projects app (art. 25, 31): published project pages, the
complaint form and complaint tracking. Everything here reads through ``selectors`` (published
facts only) and writes through ``projects.services.complaints``."""
