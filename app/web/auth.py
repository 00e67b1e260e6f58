"""Logins for the web app (`WENGAO_AUTH="user:pass,user2:pass2"`) and what a bind beyond this machine
changes: without a login `wengao serve` refuses it unless --insecure (then warns), and folder import is
limited to WENGAO_IMPORT_ROOTS."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from app.errors import UserError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class AuthSettingError(UserError, ValueError):
    """WENGAO_AUTH is malformed; the message names the entry by position, never its password."""


class OpenBindRefused(UserError):
    """`wengao serve --host` beyond localhost without WENGAO_AUTH and without --insecure."""


def parse_auth(secret: SecretStr | None) -> list[tuple[str, str]]:
    """(user, password) pairs from "user:pass,user2:pass2"; empty when unset. A password may contain ':'."""
    if secret is None or not secret.get_secret_value().strip():
        return []
    pairs: list[tuple[str, str]] = []
    for position, entry in enumerate(secret.get_secret_value().split(","), start=1):
        user, sep, password = entry.strip().partition(":")
        user = user.strip()
        if not sep or not user or not password:
            raise AuthSettingError(
                f"WENGAO_AUTH entry {position} must read user:password with both parts non-empty"
                + (f" (user {user!r})" if user else "")
            )
        if any(user == known for known, _ in pairs):
            raise AuthSettingError(f"WENGAO_AUTH entry {position}: user {user!r} is listed twice")
        pairs.append((user, password))
    return pairs


def exposure_warning(host: str, logins: list[tuple[str, str]]) -> str | None:
    """A warning when the app is reachable beyond this machine without a login, else None."""
    if host in LOCAL_HOSTS or logins:
        return None
    return (
        f"文稿服务绑定在 {host}，本机以外的人也能访问，且未设置登录。"
        "请设置 WENGAO_AUTH=\"用户名:密码\" 后重新启动，或改为 --host 127.0.0.1。"
    )


def refuse_open_bind(host: str, logins: list[tuple[str, str]], *, insecure: bool) -> None:
    """Raise OpenBindRefused when the app would serve anyone who reaches the port (read the library, import
    files, start drafts) and the operator has not said --insecure: an open bind is easy to do by accident."""
    if exposure_warning(host, logins) and not insecure:
        raise OpenBindRefused(
            f"refusing to serve on {host} without a login: set WENGAO_AUTH=\"user:password\", "
            "bind --host 127.0.0.1, or pass --insecure to serve it open anyway"
        )


def folder_import_roots(host: str, configured: list[Path]) -> list[Path] | None:
    """The folders the web app may import from, None for any. The configured roots when there are some;
    otherwise any folder on localhost (the server is the writer's own machine) and none beyond it, where a
    visitor could otherwise read whatever the server can."""
    if configured:
        return configured
    return None if host in LOCAL_HOSTS else []
