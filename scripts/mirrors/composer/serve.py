#!/usr/bin/env python3
"""Serve the local Composer mirror on a loopback port, as its own host and as an HTTP proxy for it.

    serve.py DIR PORT

The mirror's packages.json and a lock made against it name its placeholder base URL (DIR/base-url, a
host under .invalid that resolves nowhere). A client whose http_proxy names this server sends it
absolute-form requests (`GET http://<placeholder>/dists/...`): those for the placeholder host are
answered from DIR, every other host gets 403 (nothing reaches the internet through it), CONNECT 405.
Plain requests (`GET /packages.json`) are answered from DIR too. Prints `port N` once listening.
"""
import http.server
import os
import sys
import urllib.parse

directory, port = sys.argv[1], int(sys.argv[2])
with open(os.path.join(directory, 'base-url')) as f:
    HOST = urllib.parse.urlsplit(f.read().strip()).netloc


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=directory, **kwargs)

    def _local(self):
        if self.path.startswith('/'):
            return True
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != 'http' or url.netloc != HOST:
            self.send_error(403, f'this proxy serves only http://{HOST}/')
            return False
        self.path = url.path or '/'
        return True

    def do_GET(self):
        if self._local():
            super().do_GET()

    def do_HEAD(self):
        if self._local():
            super().do_HEAD()

    def do_CONNECT(self):
        self.send_error(405, 'no tunnels')


server = http.server.ThreadingHTTPServer(('127.0.0.1', port), Handler)
print(f'Serving the Composer mirror {directory} on 127.0.0.1 port {server.server_address[1]}', flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
