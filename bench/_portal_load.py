"""A small HTTP/1.1 load generator for the portal benchmark (asyncio streams, no dependency).

`throughput()` keeps `clients` connections busy for `seconds`, each sending the next URL of a shared
iterator as soon as the previous answer is read (keep-alive; a server that closes the connection — the
sync gunicorn worker does after every response — gets a new one). Only 200 responses are counted.
`latencies()` sends requests one after another and returns each one's time.
"""

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Result:
    ok: int = 0
    other: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    bytes: int = 0

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def describe(self) -> str:
        others = ", ".join(f"{code}: {n}" for code, n in sorted(self.other.items()))
        return (f"{self.ok:,} × 200 in {self.seconds:.1f} s = {self.rps:,.0f}/s"
                + (f"; other statuses {others}" if others else "") + (f"; {self.errors} errors" if self.errors else ""))


class _Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body length) of GET `path`."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept-Encoding: identity\r\n"
                          f"User-Agent: educomms-bench\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:  # no length: the body ends with the connection
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, len(body)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


async def _throughput(host: str, port: int, paths: Iterator[str], clients: int, seconds: float) -> Result:
    result = Result()
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        connection = _Connection(host, port)
        while time.perf_counter() < deadline:
            try:
                path = next(paths)
            except StopIteration:
                break
            try:
                status, size = await connection.get(path)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                result.errors += 1
                await connection.close()
                continue
            if status == 200:
                result.ok += 1
                result.bytes += size
            else:
                result.other[status] = result.other.get(status, 0) + 1
        await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = time.perf_counter() - started
    return result


def throughput(host: str, port: int, paths: Iterator[str], *, clients: int, seconds: float) -> Result:
    return asyncio.run(_throughput(host, port, paths, clients, seconds))


async def _latencies(host: str, port: int, paths: list[str]) -> list[tuple[int, float]]:
    connection = _Connection(host, port)
    timings = []
    for path in paths:
        started = time.perf_counter()
        status, _size = await connection.get(path)
        timings.append((status, time.perf_counter() - started))
    await connection.close()
    return timings


def latencies(host: str, port: int, paths: list[str]) -> list[tuple[int, float]]:
    """(status, seconds) of each GET, sent one after another on one connection."""
    return asyncio.run(_latencies(host, port, paths))
