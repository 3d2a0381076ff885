"""Login, lock-out, rate limiting, session time-outs, cookies and the language of advisor pages."""

from __future__ import annotations

from urllib.parse import unquote

from advisor_helpers import PASSWORD, login, make_app, post_form
from web_helpers import csrf


def _cookie(response, name: str) -> str:
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[0]


def test_every_advisor_page_needs_a_login(desk, advisor) -> None:
    for path in ("/advisor/", "/advisor/open", "/advisor/desk", "/advisor/log", "/advisor/cases/x"):
        response = desk.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/advisor/login"), path
    assert desk.post("/advisor/open", data={"code": "x"}).status_code in (302, 400)


def test_login_needs_csrf(desk, advisor) -> None:
    response = desk.post("/advisor/login", data={"email": advisor.email, "password": PASSWORD})
    assert response.status_code == 400
    assert desk.get("/advisor/").status_code == 302


def test_login_sets_a_strict_session_cookie_and_logout_ends_the_session(desk, advisor) -> None:
    response = login(desk)
    assert response.status_code == 302 and response.headers["Location"] == "/advisor/"
    cookie = _cookie(response, "advisor-session")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/advisor" in cookie
    assert "Max-Age" not in cookie and "Expires" not in cookie  # ends with the browser
    token = cookie.split(";")[0].split("=", 1)[1]
    assert desk.get("/advisor/").status_code == 200
    out = post_form(desk, "/advisor/logout", {}, page_url="/advisor/")
    assert out.status_code == 302
    assert desk.get("/advisor/").status_code == 302
    # the old cookie value is dead on the server, not just forgotten by the browser
    other = desk.application.test_client()
    other.set_cookie("advisor-session", token, path="/advisor")
    assert other.get("/advisor/").status_code == 302


def test_wrong_password_and_unknown_address_look_the_same(desk, advisor) -> None:
    wrong = login(desk, password="falsches-passwort-123")
    unknown = login(desk, email="niemand@kim.example")
    assert wrong.status_code == unknown.status_code == 401
    message = "The e-mail address or the password is wrong"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert "falsches-passwort" not in wrong.get_data(as_text=True)


def test_lock_out_after_five_failures_even_for_the_right_password(desk, advisor, clock) -> None:
    for _ in range(5):
        assert login(desk, password="falsches-passwort-123").status_code == 401
    locked = login(desk)
    assert locked.status_code == 401  # the right password does not help while locked
    clock.advance(minutes=14)
    assert login(desk).status_code == 401
    clock.advance(minutes=2)
    assert login(desk).status_code == 302


def test_success_resets_the_failure_count(desk, advisor) -> None:
    for _ in range(4):
        login(desk, password="falsches-passwort-123")
    assert login(desk).status_code == 302
    post_form(desk, "/advisor/logout", {}, page_url="/advisor/")
    for _ in range(4):
        login(desk, password="falsches-passwort-123")
    assert login(desk).status_code == 302


def test_login_attempts_are_rate_limited_per_address(tmp_path) -> None:
    app = make_app(tmp_path, ADVISOR_LOGIN_RATE_LIMIT=(3, 900))
    try:
        app.extensions["wizard.advisors"].add("berater@kim.example", PASSWORD)
        browser = app.test_client()
        browser.set_cookie("advisor-lang", "en", path="/advisor")
        for email in ("a@kim.example", "b@kim.example", "c@kim.example"):
            assert login(browser, email=email).status_code == 401
        limited = login(browser)  # right credentials, but too many attempts from here
        assert limited.status_code == 429
        assert "Too many attempts" in limited.get_data(as_text=True)
        assert browser.get("/advisor/").status_code == 302
    finally:
        app.extensions["wizard.store"].close()


def test_idle_timeout(desk, advisor, clock) -> None:
    login(desk)
    clock.advance(minutes=29)
    assert desk.get("/advisor/").status_code == 200  # activity keeps the session alive
    clock.advance(minutes=29)
    assert desk.get("/advisor/").status_code == 200
    clock.advance(minutes=31)
    response = desk.get("/advisor/log")
    assert response.status_code == 302
    assert "ended=1" in response.headers["Location"]
    assert "next=/advisor/log" in unquote(response.headers["Location"])
    page = desk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session has ended" in page


def test_absolute_timeout_even_with_activity(desk, advisor, clock) -> None:
    login(desk)
    for _ in range(15):  # 7.5 hours of steady work
        clock.advance(minutes=30, seconds=-1)
        assert desk.get("/advisor/").status_code == 200
    clock.advance(minutes=31)
    assert desk.get("/advisor/").status_code == 302


def test_next_after_login_stays_inside_advisor_mode(desk, advisor) -> None:
    page = desk.get("/advisor/login?next=/advisor/log").get_data(as_text=True)
    response = desk.post(
        "/advisor/login",
        data={
            "csrf_token": csrf(page),
            "email": advisor.email,
            "password": PASSWORD,
            "next": "/advisor/log",
        },
    )
    assert response.headers["Location"] == "/advisor/log"
    post_form(desk, "/advisor/logout", {}, page_url="/advisor/")
    for evil in ("https://evil.example/advisor/", "//evil.example/advisor/", "/forms/anmeldung"):
        page = desk.get("/advisor/login").get_data(as_text=True)
        response = desk.post(
            "/advisor/login",
            data={
                "csrf_token": csrf(page),
                "email": advisor.email,
                "password": PASSWORD,
                "next": evil,
            },
        )
        assert response.headers["Location"] == "/advisor/", evil
        post_form(desk, "/advisor/logout", {}, page_url="/advisor/")


def test_advisor_pages_are_german_by_default_and_switch_on_their_own(app, advisor) -> None:
    desk = app.test_client()
    desk.get("/?lang=ar")  # the same browser used the public wizard in Arabic
    page = desk.get("/advisor/login", headers={"Accept-Language": "ar"})
    html = page.get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    login(desk)
    switched = desk.get("/advisor/?lang=en")
    assert '<html lang="en"' in switched.get_data(as_text=True)
    cookie = _cookie(switched, "advisor-lang")
    assert "Path=/advisor" in cookie
    assert not [h for h in switched.headers.getlist("Set-Cookie") if h.startswith("lang=")]
    assert '<html lang="en"' in desk.get("/advisor/log").get_data(as_text=True)
    # the public wizard keeps the client's language
    assert '<html lang="ar"' in desk.get("/").get_data(as_text=True)


def test_advisor_pages_have_strict_headers_and_no_inline_code(desk, advisor) -> None:
    import re

    login(desk)
    for path in ("/advisor/", "/advisor/open", "/advisor/desk", "/advisor/log", "/advisor/login"):
        response = desk.get(path)
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"
        html = response.get_data(as_text=True)
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, path
        assert "style=" not in html and "<style" not in html, path
        assert re.search(r"<[^>]*\son[a-z]+\s*=", html) is None, path
