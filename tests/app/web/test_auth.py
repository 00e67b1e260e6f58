from __future__ import annotations

import pytest
from pydantic import SecretStr

from app.settings import Settings
from app.web.auth import AuthSettingError, OpenBindRefused, exposure_warning, parse_auth, refuse_open_bind


def test_logins_are_parsed_and_passwords_may_hold_colons():
    assert parse_auth(SecretStr("alice:secret, bob:pa:ss")) == [("alice", "secret"), ("bob", "pa:ss")]


@pytest.mark.parametrize("value", [None, SecretStr(""), SecretStr("  ")])
def test_unset_means_no_login(value):
    assert parse_auth(value) == []


@pytest.mark.parametrize(
    ("value", "position"), [("alice", 1), ("alice:Secr3t,:Pw9", 2), ("alice:Secr3t,bob:", 2), ("a:Secr3t,a:Pw9", 2)]
)
def test_malformed_entries_are_named_by_position_without_the_password(value, position):
    with pytest.raises(AuthSettingError, match=f"entry {position}") as err:
        parse_auth(SecretStr(value))
    assert "Secr3t" not in str(err.value) and "Pw9" not in str(err.value)


def test_setting_comes_from_the_environment_and_is_secret(monkeypatch):
    monkeypatch.setenv("WENGAO_AUTH", "writer:很长的密码")
    settings = Settings()
    assert parse_auth(settings.auth) == [("writer", "很长的密码")]
    assert "很长的密码" not in repr(settings) and "很长的密码" not in str(settings.model_dump())


def test_open_bind_without_login_is_warned():
    assert exposure_warning("127.0.0.1", []) is None
    assert exposure_warning("localhost", []) is None
    assert exposure_warning("0.0.0.0", [("a", "b")]) is None
    warning = exposure_warning("0.0.0.0", [])
    assert warning and "0.0.0.0" in warning and "WENGAO_AUTH" in warning


def test_open_bind_without_login_is_refused_unless_insecure():
    refuse_open_bind("127.0.0.1", [], insecure=False)
    refuse_open_bind("0.0.0.0", [("a", "b")], insecure=False)
    refuse_open_bind("0.0.0.0", [], insecure=True)
    with pytest.raises(OpenBindRefused, match="--insecure"):
        refuse_open_bind("0.0.0.0", [], insecure=False)
