"""The app as smv-ui knows it: its graph from the JVM SmvApp (loaded once, in the background),
and samples of persisted outputs read by the same Spark session (never recomputing)."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smv.ui.layout import AppGraph

if TYPE_CHECKING:
    from smv.app.smv_app import SmvApp


class AppMetadata:
    """Loads the app (Spark, its repositories) in a thread; `state` says how far it got."""

    def __init__(self, app_dir: Path) -> None:
        self.app_dir = app_dir
        self.state = "loading"
        self.error: str | None = None
        self.graph: AppGraph | None = None
        self._app: "SmvApp | None" = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self.on_ready: list[Any] = []

    def start(self) -> "AppMetadata":
        threading.Thread(target=self._load, name="smv-ui-metadata", daemon=True).start()
        return self

    def wait(self, timeout: float) -> bool:
        return self._ready.wait(timeout)

    def _load(self) -> None:
        try:
            from smv.app.smv_app import SmvApp

            self._app = SmvApp.create(self.app_dir, {"smv.runLog": "off"})  # the page's own reads are no runs
            self.graph = AppGraph.from_jvm_json(self._app.dependency_graph_data())
            for callback in self.on_ready:
                callback(self.graph)
            self.state = "ready"
        except Exception as exc:  # noqa: BLE001 - shown on the page as the reason there is no graph
            from smv.cli.smv_run import describe_failure

            self.state, self.error = "failed", f"the app could not be loaded: {describe_failure(exc)}"
        finally:
            self._ready.set()

    def sample(self, path: str, rows: int) -> dict[str, Any]:
        """The first `rows` rows of a persisted output (parquet at `path`), as JSON-ready lists."""
        if self._app is None:
            raise LookupError("the app is not loaded yet")
        with self._lock:
            df = self._app.spark.read.parquet(path).limit(rows)
            columns = df.columns
            data = [[_jsonable(v) for v in row] for row in df.collect()]
        return {"columns": columns, "rows": data}

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app.spark.stop()


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, (bool, int, float, str)) else str(value)
