"""The documents' upload handler: a file over the size limit is dropped while it streams in.

Django writes an upload to a temporary file before a view sees it; without this, a 200 MB file
would be received and written whole before being refused. `SizeLimitedUploadHandler` goes
first in the request's handlers (documents.views.document_upload): once a file has sent more
than the limit, the rest of it is read from the connection and thrown away (SkipFile), what
the later handlers had written of it is closed and deleted, and its name is kept so the view
refuses the upload naming it.
"""

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class SizeLimitedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_big: list[str] = []
        self._received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self._received > self.limit:
            self.too_big.append(str(self.file_name or ""))
            raise SkipFile
        return raw_data  # on to the next handler, which keeps it

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file
