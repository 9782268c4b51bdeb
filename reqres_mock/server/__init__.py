"""Layer 8: the socket server: Werkzeug's threaded server, connections, TLS, refused handshakes."""
