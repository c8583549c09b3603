"""deploy/varnish/default.vcl under varnishtest (Varnish's own test tool).

Each case runs the project's VCL in a throw-away varnishd against a mock
backend whose answers are scripted, so the cache rules are checked whatever
Django sends today: only ``public, s-maxage`` answers are stored, never one
with Set-Cookie or ``private``; cookies are stripped from cacheable
requests and the session cookie passes; Accept-Language is reduced to one
variant per language; PURGE and BAN come only from the ACL and not through
nginx; tag bans evict what carries the tag.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHTEST = shutil.which("varnishtest")


def rendered_vcl():
    """The template with one backend: varnishtest's mock server s1."""
    values = {
        "BACKENDS": 'backend app1 { .host = "${s1_addr}"; .port = "${s1_port}"; }',
        "DIRECTOR_ADD": "    app.add_backend(app1);",
        "PURGER_NETWORKS": "",
    }
    return re.sub(
        r"\{\{\s*([A-Z0-9_]+)\s*\}\}", lambda m: values[m.group(1)], VCL.read_text()
    )


def run_vtc(tmp_path, name, server, client):
    """Run one varnishtest case: ``server`` and ``client`` are VTC scripts."""
    assert VARNISHTEST, "varnishtest is missing (Debian's varnish package)"
    case = f"""varnishtest "{name}"
server s1 {{
{server}
}} -start
varnish v1 -arg "-p vcc_err_unref=off" -vcl {{
{rendered_vcl()}
}} -start
client c1 {{
{client}
}} -run
"""
    path = tmp_path / "case.vtc"
    path.write_text(case)
    result = subprocess.run(
        [VARNISHTEST, "-q", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


SHARED = 'txresp -hdr "Cache-Control: public, max-age=60, s-maxage=600" -hdr "X-Cache-Tags: page-3 listing-2 all" -body "{}"'


def test_shared_answers_are_cached_without_cookies_or_tags(tmp_path):
    run_vtc(
        tmp_path,
        "cache what Django shares",
        f"""
    rxreq
    expect req.url == "/article/"
    expect req.http.Cookie == <undef>
    {SHARED.format("v1")}
""",
        """
    txreq -url "/article/" -hdr "Cookie: _ga=GA1.2; csrftoken=x" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.status == 200
    expect resp.http.X-Cache == "MISS"
    expect resp.http.X-Cache-Tags == <undef>
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.body == "v1"
    expect resp.http.X-Cache == "HIT"
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https" -hdr "X-Cache-Debug: 1"
    rxresp
    expect resp.http.X-Cache-Tags == "page-3 listing-2 all"
""",
    )


@pytest.mark.parametrize(
    "headers",
    [
        '-hdr "Cache-Control: private, no-cache"',
        "",
        '-hdr "Cache-Control: public, max-age=60"',
        '-hdr "Cache-Control: public, s-maxage=600" -hdr "Set-Cookie: sessionid=abc"',
    ],
    ids=["private", "no cache-control", "max-age only", "set-cookie"],
)
def test_unmarked_answers_are_never_stored(tmp_path, headers):
    run_vtc(
        tmp_path,
        "never store unmarked answers",
        f"""
    rxreq
    txresp {headers} -body "first"
    rxreq
    txresp {headers} -body "second"
""",
        """
    txreq -url "/page/"
    rxresp
    expect resp.body == "first"
    txreq -url "/page/"
    rxresp
    expect resp.body == "second"
    expect resp.http.X-Cache == "MISS"
""",
    )


def test_session_cookie_admin_and_preview_pass_with_their_cookies(tmp_path):
    run_vtc(
        tmp_path,
        "pass logged-in, admin, preview",
        f"""
    rxreq
    expect req.url == "/article/"
    {SHARED.format("anonymous")}
    rxreq
    expect req.http.Cookie == "sessionid=abc; csrftoken=x"
    {SHARED.format("editor")}
    rxreq
    expect req.url == "/admin/pages/"
    expect req.http.Cookie == "csrftoken=x"
    {SHARED.format("admin")}
    rxreq
    expect req.url == "/api/v3/preview/?token=t"
    {SHARED.format("preview")}
    rxreq
    expect req.method == "POST"
    {SHARED.format("post")}
""",
        """
    txreq -url "/article/"
    rxresp
    txreq -url "/article/" -hdr "Cookie: sessionid=abc; csrftoken=x"
    rxresp
    expect resp.body == "editor"
    expect resp.http.X-Cache == "MISS"
    txreq -url "/admin/pages/" -hdr "Cookie: csrftoken=x"
    rxresp
    expect resp.body == "admin"
    txreq -url "/api/v3/preview/?token=t"
    rxresp
    expect resp.body == "preview"
    txreq -req POST -url "/article/" -body "x=1"
    rxresp
    expect resp.body == "post"
    txreq -url "/article/"
    rxresp
    expect resp.body == "anonymous"
    expect resp.http.X-Cache == "HIT"
""",
    )


def test_one_variant_per_language(tmp_path):
    run_vtc(
        tmp_path,
        "Accept-Language reduced to fr or en",
        """
    rxreq
    expect req.http.Accept-Language == "en"
    txresp -hdr "Cache-Control: public, s-maxage=600" -hdr "Vary: Accept-Language" -body "english"
    rxreq
    expect req.http.Accept-Language == "fr"
    txresp -hdr "Cache-Control: public, s-maxage=600" -hdr "Vary: Accept-Language" -body "french"
    rxreq
    expect req.http.Accept-Language == <undef>
    txresp -hdr "Cache-Control: public, s-maxage=600" -hdr "Vary: Accept-Language" -body "default"
""",
        """
    txreq -url "/" -hdr "Accept-Language: en-US,en;q=0.9,fr;q=0.8"
    rxresp
    expect resp.body == "english"
    txreq -url "/" -hdr "Accept-Language: en-GB"
    rxresp
    expect resp.body == "english"
    expect resp.http.X-Cache == "HIT"
    txreq -url "/" -hdr "Accept-Language: fr-FR,en;q=0.5"
    rxresp
    expect resp.body == "french"
    txreq -url "/" -hdr "Accept-Language: de, fr;q=0.7"
    rxresp
    expect resp.body == "french"
    expect resp.http.X-Cache == "HIT"
    txreq -url "/" -hdr "Accept-Language: de"
    rxresp
    expect resp.body == "default"
""",
    )


def test_purge_and_tag_ban_from_the_app_servers_only(tmp_path):
    run_vtc(
        tmp_path,
        "PURGE and BAN",
        f"""
    rxreq
    expect req.url == "/article/"
    {SHARED.format("v1")}
    rxreq
    expect req.url == "/article/"
    {SHARED.format("v2")}
    rxreq
    expect req.url == "/article/"
    {SHARED.format("v3")}
""",
        r"""
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.body == "v1"
    # Relayed by nginx (X-Real-IP): refused, nothing evicted.
    txreq -req PURGE -url "/article/" -hdr "X-Real-IP: 203.0.113.9"
    rxresp
    expect resp.status == 405
    txreq -req BAN -url "/" -hdr "X-Ban-Tags: .*" -hdr "X-Real-IP: 203.0.113.9"
    rxresp
    expect resp.status == 405
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.http.X-Cache == "HIT"
    # Wagtail's PURGE of the URL (no X-Forwarded-Proto: it purges the HTTPS object).
    txreq -req PURGE -url "/article/"
    rxresp
    expect resp.status == 200
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.body == "v2"
    expect resp.http.X-Cache == "MISS"
    # A ban of another tag leaves it; a ban of one of its tags evicts it.
    txreq -req BAN -url "/" -hdr {X-Ban-Tags: (^|\s)(page-4|tag-x)(\s|$)}
    rxresp
    expect resp.status == 200
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.http.X-Cache == "HIT"
    txreq -req BAN -url "/" -hdr {X-Ban-Tags: (^|\s)(listing-2)(\s|$)}
    rxresp
    expect resp.status == 200
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.body == "v3"
    # A regex with a space is refused.
    txreq -req BAN -url "/" -hdr "X-Ban-Tags: a b"
    rxresp
    expect resp.status == 400
""",
    )


def test_plain_http_redirect_is_not_the_page(tmp_path):
    run_vtc(
        tmp_path,
        "keyed by scheme",
        f"""
    rxreq
    expect req.http.X-Forwarded-Proto == "https"
    {SHARED.format("page")}
    rxreq
    expect req.http.X-Forwarded-Proto == <undef>
    txresp -status 301 -hdr "Location: https://example.com/article/"
""",
        """
    txreq -url "/article/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.body == "page"
    txreq -url "/article/"
    rxresp
    expect resp.status == 301
""",
    )
