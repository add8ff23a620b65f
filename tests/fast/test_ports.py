"""The free port a test server gets (``coursekit.testing.ports``): one that no kernel asking for any port is given."""

from __future__ import annotations

import socket

from coursekit.testing.ports import LOWEST, ephemeral_start, free_port


def test_the_port_is_free_and_outside_the_range_handed_out_for_port_0():
    ports = {free_port() for _ in range(20)}
    start = ephemeral_start()
    assert all(LOWEST <= port < start for port in ports), (ports, start)
    for port in ports:
        with socket.socket() as server:
            server.bind(("127.0.0.1", port))  # free: a server can take it
    with socket.socket() as any_port:
        any_port.bind(("127.0.0.1", 0))
        assert any_port.getsockname()[1] >= start  # what a kernel gets is never one of ours
