"""People: delegations (States, groups, organisations) and participants with their roles."""
