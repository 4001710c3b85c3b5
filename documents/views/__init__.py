"""The documents' views: the file's tab (tab.py) and one document, its file and its thumbnail
(files.py)."""
