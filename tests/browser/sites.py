"""Another site on a loopback address, in https (only https origins may frame Pilotes),
with a throwaway self-signed certificate; the browser context must ignore https errors."""

import contextlib
import functools
import http.server
import ssl
import subprocess
import threading


def _tls_context(directory) -> ssl.SSLContext:
    """A server TLS context with a throwaway self-signed certificate."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subject = ["-subj", "/CN=pilotes-test", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", *subject],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@contextlib.contextmanager
def https_site(host: str, folder, keys):
    """Serve ``folder`` at ``https://host:port`` (yielded); the key is made in ``keys``,
    outside what the site serves."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    server.socket = _tls_context(keys).wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
