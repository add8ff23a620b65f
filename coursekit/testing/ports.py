"""A free TCP port for a server that another program starts (sphinx-autobuild, an LMS, JupyterLab).

The usual way, binding port 0 and releasing it, hands out a port from the system's ephemeral range, and the
next program that asks for any port can get the same one before the server binds it. Notebook kernels do: on
each start, jupyter_client takes five ports that way, and ``make test`` runs kernels beside the servers (a CI
run once found a kernel's ZeroMQ socket answering where sphinx-autobuild should have been). A port below that
range is never handed out for port 0: only a program that names it can take it.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST = 10000  # below: well-known and registered services


def ephemeral_start() -> int:
    """The first port the system hands out for port 0 (Linux's default when it cannot be read)."""
    try:
        return int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A port of 127.0.0.1, free now, that no program asking for any port will be given."""
    start = ephemeral_start()
    candidates = list(range(LOWEST, start)) if start > LOWEST else []
    for port in random.sample(candidates, min(len(candidates), 200)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:  # a system whose ephemeral range starts very low: the usual way
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
