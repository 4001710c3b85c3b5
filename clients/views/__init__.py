"""Client-file views, one module per area: intake and search, each tab of the file (overview,
household, trajectories, journal, access history, transfer), closing, caseloads."""
