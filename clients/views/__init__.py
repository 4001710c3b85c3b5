"""Client-file views, one module per area: intake and search, the file itself, caseloads."""
