"""Running the app under uvicorn: the bind check (loopback only unless asked) and the browser opener."""

from __future__ import annotations

import ipaddress
import socket

from mldrill.errors import UsageError

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> None:
    if not host.strip():
        raise UsageError("--host is empty; use 127.0.0.1 (the default) or a host name")
    if not is_loopback(host) and not allow_remote:
        raise UsageError(
            f"refusing to listen on {host!r}: only loopback (127.0.0.1, ::1, localhost) is allowed, because the"
            " app has no accounts yet and anyone who can reach the port could use your store."
            " Pass --allow-remote to listen there anyway."
        )


def check_port(host: str, port: int) -> None:
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {port}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}. Pick another with --port"
            ) from exc


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"
