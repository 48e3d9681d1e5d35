"""Pages of monitoring and assessment: thin views over ``assessment.services`` and selectors."""
