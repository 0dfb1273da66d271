"""The one HTTP client of the fetchers: timeouts, a size cap, bounded redirects, a clear User-Agent.

Called from task workers only. Every failure becomes a `FetchError` whose message can be shown to staff.
"""

import functools
import ipaddress
import logging
import re
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from educomms.monitoring.fetch.types import FetchError

MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
# Query parameters whose values must never reach a log line or an error detail.
SECRET_PARAMS = frozenset({"access_token", "appsecret_proof", "client_secret", "token", "key"})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Response:
    status: int
    headers: httpx.Headers
    url: str  # the final URL, after redirects
    content: bytes
    encoding: str | None  # the charset declared in Content-Type, if any

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Building a context loads the CA bundle (~40 ms); once per process, shared by every client
    # (an SSLContext is safe to share between threads).
    return httpx.create_ssl_context(trust_env=True)


def user_agent() -> str:
    return f"educomms-monitor/1.0 (+{settings.SITE_URL})"


def redact(url: str) -> str:
    """The URL with secret query values replaced, safe for logs and error details."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


_SECRET_IN_TEXT = re.compile(r"((?:access_token|appsecret_proof|client_secret)=)[^&\s\"']+", re.IGNORECASE)


def redact_text(text: str) -> str:
    """Any free text (an exception message) with secret query values replaced."""
    return _SECRET_IN_TEXT.sub(r"\1***", text)


class _RedactSecrets(logging.Filter):
    """httpx logs every request's full URL at INFO; secrets in query strings must not reach the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_text(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_text(str(arg)) if isinstance(arg, str | httpx.URL) else arg for arg in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_RedactSecrets())


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(
            _("Địa chỉ không hợp lệ (chỉ hỗ trợ http và https)"), permanent=True, detail=redact(url)
        )


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g}"


def _too_large(max_bytes: int, url: str) -> FetchError:
    return FetchError(
        _("Nội dung vượt quá giới hạn %(mb)s MB") % {"mb": _megabytes(max_bytes)},
        permanent=True,
        detail=f"more than {max_bytes} bytes from {redact(url)}",
    )


def _timed_out(timeout: float, url: str, what: str) -> FetchError:
    return FetchError(
        _("Quá thời gian chờ (%(seconds)s giây)") % {"seconds": f"{timeout:g}"},
        permanent=False,
        detail=f"{what} after {timeout:g}s: {redact(url)}",
    )


def status_error(status: int, url: str, headers: Mapping[str, str] | None = None) -> FetchError:
    """The FetchError for an HTTP error status (4xx/5xx)."""
    detail = f"HTTP {status} from {redact(url)}"
    if status == 404:
        return FetchError(_("Không tìm thấy trang (lỗi 404)"), permanent=True, detail=detail)
    if status == 410:
        return FetchError(_("Trang đã bị gỡ bỏ (lỗi 410)"), permanent=True, detail=detail)
    if status in (401, 403):
        # Usually a paywall, a login wall or a block on robots: retrying the same request will not help.
        return FetchError(
            _("Máy chủ từ chối truy cập (lỗi %(status)d)") % {"status": status}, permanent=True, detail=detail
        )
    if status == 429:
        retry_after = (headers or {}).get("retry-after", "")
        return FetchError(
            _("Máy chủ yêu cầu giảm tần suất truy cập (lỗi 429)"),
            permanent=False,
            detail=f"{detail}; Retry-After: {retry_after}" if retry_after else detail,
        )
    # 408 and 5xx are the server's passing trouble; other 4xx are about our request and will repeat.
    transient = status >= 500 or status in (408, 425)
    return FetchError(_("Máy chủ trả lỗi %(status)d") % {"status": status}, permanent=not transient, detail=detail)


def check_address(url: str) -> None:
    """Refuse hosts that resolve to loopback, private, link-local or reserved addresses: a source address is
    typed by staff, and the workers sit inside the network (the database, cloud metadata at 169.254.169.254).
    Every request is checked, redirects included. Tests and closed deployments that monitor intranet sites
    set MONITORING_ALLOW_PRIVATE_ADDRESSES."""
    if getattr(settings, "MONITORING_ALLOW_PRIVATE_ADDRESSES", False):
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return  # unresolvable: connecting fails with its own message
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified):
            raise FetchError(_("Địa chỉ nội bộ không được dùng làm nguồn tin"), permanent=True,
                             detail=f"{redact(url)} resolves to {address}")


def get(
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    raise_for_status: bool = True,
) -> Response:
    """GET `url` following at most 5 redirects, reading at most `max_bytes` of (decoded) body.

    `timeout` bounds connecting, each read, and the whole download. Returns 2xx and 304 responses;
    other statuses raise `FetchError` unless `raise_for_status` is False (the Graph client reads its
    JSON error bodies itself). Defaults come from settings MONITORING_HTTP_TIMEOUT and MONITORING_MAX_BYTES.
    """
    timeout = float(timeout if timeout is not None else getattr(settings, "MONITORING_HTTP_TIMEOUT", DEFAULT_TIMEOUT))
    max_bytes = int(max_bytes if max_bytes is not None else getattr(settings, "MONITORING_MAX_BYTES", DEFAULT_MAX_BYTES))
    _check_url(url)
    request_headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"}
    request_headers.update(headers or {})
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout),
            verify=_ssl_context(),
            trust_env=True,
            event_hooks={"request": [lambda request: check_address(str(request.url))]},
        ) as client:
            return _download(client, url, request_headers, params, timeout, max_bytes, raise_for_status)
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise _timed_out(timeout, url, type(exc).__name__) from None
    except httpx.TooManyRedirects:
        raise FetchError(
            _("Quá nhiều lần chuyển hướng (tối đa %(n)d)") % {"n": MAX_REDIRECTS},
            permanent=True,
            detail=f"redirect loop or chain from {redact(url)}",
        ) from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(
            _("Địa chỉ không hợp lệ (chỉ hỗ trợ http và https)"), permanent=True, detail=redact_text(str(exc))
        ) from None
    except httpx.ConnectError as exc:
        raise FetchError(
            _("Không kết nối được tới máy chủ"), permanent=False, detail=f"{redact(url)}: {redact_text(str(exc))}"
        ) from None
    except httpx.HTTPError as exc:
        # Protocol errors, broken compression, connections dropped mid-body: the server's passing trouble.
        raise FetchError(
            _("Máy chủ trả về phản hồi không hợp lệ"),
            permanent=False,
            detail=f"{type(exc).__name__} from {redact(url)}: {redact_text(str(exc))}",
        ) from None


def _download(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    params: Mapping[str, str] | None,
    timeout: float,
    max_bytes: int,
    raise_for_status: bool,
) -> Response:
    deadline = time.monotonic() + timeout
    with client.stream("GET", url, headers=headers, params=params) as response:
        final_url = str(response.url)
        _check_url(final_url)
        if raise_for_status and response.status_code >= 400:
            raise status_error(response.status_code, final_url, response.headers)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(max_bytes, final_url)
        body = bytearray()
        for chunk in response.iter_bytes(_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(max_bytes, final_url)
            # The read timeout applies to each read; a server trickling bytes must not hold a worker forever.
            if time.monotonic() > deadline:
                raise _timed_out(timeout, final_url, "download")
        return Response(
            status=response.status_code,
            headers=response.headers,
            url=final_url,
            content=bytes(body),
            encoding=response.charset_encoding,
        )
