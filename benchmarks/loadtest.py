"""A bounded load test against a GovCases server on this machine.

Clients (threads, each with its own keep-alive connection) replay the mix users
make: home, the list with filters, search, case pages and the API. The run stops
after a fixed number of requests or seconds, whichever comes first; it only ever
talks to a loopback address.
"""

import http.client
import random
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

SEARCHES = [
    "网格",
    "吃茶话事",
    "调解 嘉峪关",
    "志愿服务",
    "网格+",
    "小苑同学",
    "物业",
    "党建 引领",
    "议事",
    "办结率",
    "养老",
    "外卖",
]

FAILED_SAMPLES = 10


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # a few "error path" samples
    seconds: float = 0.0

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms)

        def pct(share):
            return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

        done = len(ordered)
        return {
            "requests": done,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "failed_samples": self.failed[:FAILED_SAMPLES],
            "rps": round(done / self.seconds, 1) if self.seconds else 0,
            "p50_ms": pct(0.50) if done else None,
            "p95_ms": pct(0.95) if done else None,
            "p99_ms": pct(0.99) if done else None,
        }


def url_mix(
    case_ids: list[int],
    region_ids: list[int],
    theme_slugs: list[str],
    rng: random.Random,
) -> list[str]:
    """One request path, drawn with the weights users make."""
    choice = rng.random()
    if choice < 0.10:
        return "/"
    if choice < 0.30:
        return (
            f"/cases/?theme={rng.choice(theme_slugs)}&region={rng.choice(region_ids)}"
        )
    if choice < 0.55:
        return f"/cases/?q={quote(rng.choice(SEARCHES))}"
    if choice < 0.85:
        return f"/cases/{rng.choice(case_ids)}/"
    return f"/api/cases/?q={quote(rng.choice(SEARCHES))}&page_size=20"


def run(
    base_url: str, paths, clients: int, max_requests: int, max_seconds: float
) -> Result:
    target = urlsplit(base_url)
    host = target.hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise ValueError("the load test only targets this machine (127.0.0.0/8)")
    result = Result()
    lock = threading.Lock()
    budget = iter(range(max_requests))
    deadline = time.monotonic() + max_seconds

    def client(seed: int):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    break
            path = paths(rng)
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": target.hostname})
                response = conn.getresponse()
                response.read()
                error = None if response.status == 200 else f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection(
                    target.hostname, target.port, timeout=30
                )
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                if error:
                    result.errors[error] = result.errors.get(error, 0) + 1
                    if len(result.failed) < FAILED_SAMPLES:
                        result.failed.append(f"{error} {path}")
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result
