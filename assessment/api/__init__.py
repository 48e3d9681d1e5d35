"""Assessment's resources in the REST API (issue 15): monthly reports and the quarterly
dispatch figures (plan task 5), the latter as JSON and as the dispatch workbook."""
