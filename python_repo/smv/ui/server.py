"""The smv-ui web app (Starlette): the page, its JSON API and the live event stream (SSE).

Every request carries the token smv-ui printed (`?token=` once; the page then holds it in a
cookie), else it is refused with 401.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import re
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from smv.ui.app_metadata import AppMetadata
from smv.ui.layout import AppGraph, ViewSpec, layout
from smv.ui.run_history import RunHistory
from smv.ui.run_log import LogTail, log_path
from smv.ui.runner import Runner, TargetError

STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "smv_ui_token"
POLL_SECONDS = 0.1


class TokenCheck(BaseHTTPMiddleware):
    """401 for a request without the token (query, bearer header or the page's cookie)."""

    def __init__(self, app: Any, token: str) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        given = request.query_params.get("token") or bearer or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return PlainTextResponse("401: this page needs the token smv-ui printed at start (…/?token=…)",
                                     status_code=401)
        response = await call_next(request)
        if request.query_params.get("token"):
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        return response


class UiState:
    """What the server keeps: the app's metadata, the folded run log, the page's runs, listeners."""

    def __init__(self, app_dir: Path, load_app: bool = True) -> None:
        self.app_dir = app_dir
        self.metadata = AppMetadata(app_dir)
        self.load_app = load_app
        self.tail = LogTail(log_path(app_dir))
        self.history = RunHistory()
        self.runner = Runner(app_dir)
        self.listeners: set[asyncio.Queue[dict[str, Any]]] = set()
        self.layouts: dict[ViewSpec, dict[str, Any]] = {}

    def ingest(self, events: list[dict[str, Any]], notes: list[str]) -> None:
        for event in events:
            self.history.add(event)
        self.history.notes.extend(notes)
        for queue in self.listeners:
            for event in events:
                queue.put_nowait(event)
            for note in notes:
                queue.put_nowait({"event": "note", "note": note})

    async def follow_log(self) -> None:
        """Polls the log every POLL_SECONDS and pushes what was appended."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            parsed = self.tail.poll()
            if parsed.events or parsed.notes:
                self.ingest(parsed.events, parsed.notes)

    def run_graph(self, run_id: str) -> AppGraph:
        """The graph as run `run_id` planned it (KeyError: no such run; its plan not in the log: the app's now)."""
        record = self.history.runs.get(run_id)
        if record is None:
            raise KeyError(f"no run {run_id} in the run log")
        graph = AppGraph.from_run(record.datasets)
        return graph if graph.nodes else self.graph()

    def graph(self) -> AppGraph:
        if self.metadata.graph is None:
            raise LookupError(self.metadata.error or "the app's graph is still loading")
        return self.metadata.graph


def _view(request: Request) -> ViewSpec:
    def names(key: str) -> frozenset[str]:
        return frozenset(n for n in request.query_params.get(key, "").split(",") if n)
    return ViewSpec(request.query_params.get("run") or None, request.query_params.get("focus") or None,
                    names("expand"), names("collapse"))


def _state(request: Request) -> UiState:
    state: UiState = request.app.state.ui
    return state


async def index(request: Request) -> Response:
    return FileResponse(STATIC / "index.html")


async def overview(request: Request) -> Response:
    ui = _state(request)
    return JSONResponse({"app": ui.app_dir.name, "appDir": str(ui.app_dir), "metadata": ui.metadata.state,
                         "error": ui.metadata.error, "notes": ui.history.notes[-50:],
                         "runs": ui.history.summaries(), "pageRuns": ui.runner.all()})


async def nodes(request: Request) -> Response:
    ui = _state(request)
    try:
        graph = ui.graph()
    except LookupError as exc:
        return JSONResponse({"error": str(exc), "metadata": ui.metadata.state}, status_code=503)
    return JSONResponse([{"urn": n["urn"], "fqn": n["fqn"], "stage": n["stage"]} for n in graph.nodes])


async def graph_layout(request: Request) -> Response:
    ui = _state(request)
    view = _view(request)
    try:
        graph = ui.run_graph(view.run) if view.run else ui.graph()
    except KeyError as exc:
        return JSONResponse({"error": str(exc.args[0])}, status_code=404)
    except LookupError as exc:
        return JSONResponse({"error": str(exc), "metadata": ui.metadata.state}, status_code=503)
    if view not in ui.layouts:
        ui.layouts[view] = await asyncio.to_thread(layout, graph, view)
    return JSONResponse(ui.layouts[view])


async def run_datasets(request: Request) -> Response:
    ui = _state(request)
    record = ui.history.runs.get(request.path_params["run_id"])
    if record is None:
        return JSONResponse({"error": f"no run {request.path_params['run_id']} in the run log"}, status_code=404)
    return JSONResponse({"run": record.summary(), "datasets": record.datasets})


def _persisted_info(path: str | None) -> dict[str, Any] | None:
    """The `.meta.json` beside a persisted output (schema, DQM, hashes), when it is a local file."""
    local = re.sub(r"^file:(//)?", "", path or "")
    if not local or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", local):  # hdfs:, s3a:, ...: not read here
        return None
    meta = Path(local.removesuffix(".parquet") + ".meta.json")
    try:
        info: dict[str, Any] = json.loads(meta.read_text())
        return info
    except (OSError, ValueError):
        return None


async def dataset(request: Request) -> Response:
    ui = _state(request)
    urn = request.query_params.get("urn", "")
    node = ui.metadata.graph.by_urn.get(urn) if ui.metadata.graph else None
    latest = ui.history.latest_of(urn)
    if node is None and latest is None:
        return JSONResponse({"error": f"no dataset {urn!r} in the app or its run log"}, status_code=404)
    info = _persisted_info((latest or {}).get("path"))
    return JSONResponse({"urn": urn, "node": node, "latest": latest, "persisted": info})


async def sample(request: Request) -> Response:
    ui = _state(request)
    urn = request.query_params.get("urn", "")
    latest = ui.history.latest_of(urn) or {}
    path = latest.get("path")
    if not path or latest.get("state") not in ("done", "reused"):
        return JSONResponse({"error": f"{urn} has no persisted output in the run log (run it first)"}, status_code=404)
    try:
        rows = await asyncio.to_thread(ui.metadata.sample, path, int(request.query_params.get("rows", "20")))
    except LookupError as exc:
        return JSONResponse({"error": str(exc)}, status_code=503)
    return JSONResponse({"path": path, **rows})


async def start_run(request: Request) -> Response:
    ui = _state(request)
    body = await request.json()
    try:
        run = ui.runner.start(str(body.get("target", "")), bool(body.get("dryRun")))
    except TargetError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    return JSONResponse(run.status())


async def page_run(request: Request) -> Response:
    ui = _state(request)
    try:
        run = ui.runner.get(int(request.path_params["run_id"]))
        if request.method == "POST":
            run = ui.runner.cancel(run.id)
    except KeyError as exc:
        return JSONResponse({"error": str(exc.args[0])}, status_code=404)
    return JSONResponse(run.status())


async def events(request: Request) -> Response:
    """Server-sent events: every run log event as it is appended, and notes on skipped lines."""
    ui = _state(request)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    ui.listeners.add(queue)

    async def stream() -> AsyncIterator[str]:
        try:
            yield "event: hello\ndata: {}\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=15)
                    yield f"data: {json.dumps(event)}\n\n"
                except asyncio.TimeoutError:
                    yield ": keep-alive\n\n"
        finally:
            ui.listeners.discard(queue)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


def create_app(app_dir: Path, token: str, load_app: bool = True) -> Starlette:
    """The web app for `app_dir`; `load_app=False` serves the run log only (no Spark)."""
    ui = UiState(app_dir, load_app)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        history = ui.tail.read_history()
        ui.ingest(history.events, history.notes)
        if load_app:
            ui.metadata.on_ready.append(lambda graph: ui.layouts.setdefault(ViewSpec(), layout(graph, ViewSpec())))
            ui.metadata.start()
        follower = asyncio.create_task(ui.follow_log())
        try:
            yield
        finally:
            follower.cancel()
            ui.runner.stop_all()
            await asyncio.to_thread(ui.metadata.close)

    routes = [
        Route("/", index), Route("/api/overview", overview), Route("/api/nodes", nodes),
        Route("/api/layout", graph_layout), Route("/api/runs/{run_id}", run_datasets), Route("/api/dataset", dataset),
        Route("/api/sample", sample), Route("/api/page-runs", start_run, methods=["POST"]),
        Route("/api/page-runs/{run_id:int}", page_run, methods=["GET", "POST"]), Route("/api/events", events),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(TokenCheck, token=token)], lifespan=lifespan)
    app.state.ui = ui
    return app
