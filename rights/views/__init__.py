"""Views of the rights app, one module per audience: worker.py (the client file's rights tab
and the list of flags), team.py (scan runs and team figures), admin.py (the catalogue and its
parameter versions)."""
