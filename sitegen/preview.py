"""A local preview of the built site, on 127.0.0.1 only: not a production server."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def serve(out_dir: Path, port: int) -> None:
    """Serve out_dir at http://127.0.0.1:port/ until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {out_dir} at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        server.serve_forever()
