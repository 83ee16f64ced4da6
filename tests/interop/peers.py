"""What the interop tests need around their real peers: a free loopback port to give a
peer, and an aiosmtpd handler that keeps every envelope it was handed."""
import socket


def free_port(host="127.0.0.1"):
    """A TCP port free on `host` right now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Recorder:
    """aiosmtpd handler keeping every envelope, answering 250 to each message."""

    def __init__(self, reply="250 2.0.0 stored by aiosmtpd"):
        self.envelopes = []
        self.reply = reply

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return self.reply
