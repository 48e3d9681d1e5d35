"""The project pipeline's resources in the REST API (issue 15): thin declarations over the same
selectors, filters, capabilities and scope rules as the pages."""
