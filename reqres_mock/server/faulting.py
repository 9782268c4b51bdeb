"""Faults on the wire: how the socket server carries out a call's fault.

The engine decides the fault (:mod:`reqres_mock.engine.faults`); this module only writes (or
does not write) the bytes: a reset is a TCP RST (``SO_LINGER`` 0, then close), an empty reply a
plain close, a partial reply the head and part of the body, a slow or delayed one the whole
reply, paced.
"""

from __future__ import annotations

import socket
import struct
from typing import TYPE_CHECKING

from reqres_mock.engine.faults import FaultKind

if TYPE_CHECKING:
    from typing import BinaryIO

    from reqres_mock.engine.faultplan import FaultPlan
    from reqres_mock.engine.faults import Fault


def deliver(
    conn: socket.socket,
    wfile: BinaryIO,
    reply: tuple[bytes, bytes],
    *,
    fault: Fault,
    plan: FaultPlan,
) -> bool:
    """Write ``reply`` (head and body bytes) to the client as ``fault`` says.

    :param plan: the server's fault plan, whose :meth:`~FaultPlan.pause` paces slow replies
        and ends early when the server stops.
    :returns: whether the connection must close now.
    :raises OSError: when the client is gone, or the server stops during a slow reply.
    """
    head, body = reply
    if fault.kind is FaultKind.RESET:
        # Linger 0: close() discards the socket with an RST instead of a FIN.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        return True
    if fault.kind is FaultKind.EMPTY:
        return True
    if fault.kind is FaultKind.PARTIAL:
        wfile.write(head + fault.cut(body))
        return True
    for pause, piece in fault.pieces(head + body):
        if not plan.pause(pause):
            raise ConnectionAbortedError("the server stopped during a slow reply")
        wfile.write(piece)
        wfile.flush()
    return False
