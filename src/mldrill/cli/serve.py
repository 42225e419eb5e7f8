"""`mldrill serve`: the web app on this laptop (loopback only unless --allow-remote), opened in the browser."""

from __future__ import annotations

import threading
from typing import Any

import typer

from mldrill.cli.common import fail, get_study_context, info


def serve_command(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (loopback unless --allow-remote)."
    ),
    port: int = typer.Option(8765, "--port", help="Port to listen on (0: any free port)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the web browser."),
    allow_remote: bool = typer.Option(
        False,
        "--allow-remote",
        help="Allow a non-loopback --host (there are no accounts yet: anyone can use it).",
    ),
) -> None:
    """Start the web app (study, interviews, browse, import, progress) and open it in the browser."""
    from mldrill.errors import UsageError
    from mldrill.web.server import check_host, check_port

    try:
        check_host(host, allow_remote)
        if port != 0:
            check_port(host, port)
    except UsageError as exc:
        fail(str(exc))
    context = get_study_context(ctx)  # an empty store gets the built-in deck, as `study` does
    import uvicorn

    from mldrill.web.app import create_app
    from mldrill.web.config import WebConfig
    from mldrill.web.server import url_for

    config = WebConfig(context.store, user=context.user, clock=context.clock)

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[Any] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                announce(self)

    def announce(server: uvicorn.Server) -> None:
        bound = port
        for s in server.servers:
            for sock in s.sockets:
                bound = sock.getsockname()[1]
        url = url_for(host, bound)
        typer.echo(f"mldrill is running at {url}  (Ctrl-C stops it)", err=True)
        typer.echo(url)
        threading.Thread(target=warm_grader, args=(config,), daemon=True).start()
        if not no_browser:
            import webbrowser

            if not webbrowser.open(url):
                info("No browser found: open the address above yourself.")

    app = create_app(config)
    Server(uvicorn.Config(app, host=host.strip("[]"), port=port, log_level="warning", access_log=False)).run()


def warm_grader(config: object) -> None:
    """Load the grader in the background so the first typed answer does not wait for the model; a grader that
    cannot load says why when an answer is graded."""
    from mldrill.errors import MldrillError
    from mldrill.web.config import WebConfig

    assert isinstance(config, WebConfig)
    try:
        config.grader()
    except MldrillError:
        pass
