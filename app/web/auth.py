"""Logins for the web app (`WENGAO_AUTH="user:pass,user2:pass2"`) and the warning for an open bind."""

from __future__ import annotations

from pydantic import SecretStr

from app.errors import UserError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class AuthSettingError(UserError, ValueError):
    """WENGAO_AUTH is malformed; the message names the entry by position, never its password."""


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
