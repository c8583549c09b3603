"""Scale-out check: two app servers behind nginx and Varnish (make stack-check).

Both gunicorn instances share PostgreSQL, Redis and the S3 bucket. An editor
logs in to Wagtail's admin over HTTP on instance 1 and publishes there; the
other instance and Varnish serve the new version at once (the publish
request purges Varnish before it answers: no waiting, no clock). An audio
file uploaded through instance 1 lands in the bucket and is served through
nginx with byte ranges, and a counted download of an episode is sent by nginx
(X-Accel-Redirect) with its byte ranges. Logged-in requests never come from
Varnish's cache.

Runs the real stack (scripts/prod-stack): Debian's nginx and varnish, the
``stack`` extra, PostgreSQL and Redis on this machine. .ci/run runs it once.
"""

import os
import re
import secrets
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent.parent
AUDIO = ROOT / "site_config" / "demo" / "audio" / "episode-3.mp3"


def form_fields(html, form_id=None):
    """The values a browser would submit for a form (its submit buttons aside)."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) if form_id else soup.find("form")
    assert form is not None, "no form in the page"
    fields = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "file"):
            continue
        if element.name == "textarea":
            fields[name] = element.text.removeprefix("\n")
        elif element.name == "select":
            fields[name] = [
                o.get("value", o.text)
                for o in element.find_all("option", selected=True)
            ]
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                fields.setdefault(name, []).append(element.get("value", "on"))
        else:
            fields[name] = element.get("value", "")
    return fields


def origin(client):
    return client.base.replace("http://", "https://")


@pytest.fixture(scope="module")
def editor(stack):
    """Instance 1's client, logged in to Wagtail's admin through its form."""
    client = stack.instance(0)
    login = client.get("/admin/login/")
    assert login.status == 200
    answer = client.post(
        "/admin/login/",
        data={
            **form_fields(login.text),
            "username": "admin",
            "password": stack.admin_password,
        },
        headers={"Origin": origin(client)},
    )
    assert answer.status == 302, answer.text[:500]
    assert "sessionid" in client.cookies
    return client


@pytest.fixture(scope="module")
def glossary_index(stack):
    """The demo glossary index: id and path, read from the API via instance 2."""
    answer = stack.instance(1).get("/api/v2/pages/?type=glossary.GlossaryIndexPage")
    assert answer.status == 200
    item = answer.json()["items"][0]
    path = "/" + item["meta"]["html_url"].split("/", 3)[3]
    return item["id"], path


def publish_title(editor, page_id, title):
    edit = editor.get(f"/admin/pages/{page_id}/edit/")
    assert edit.status == 200
    fields = form_fields(edit.text, "page-edit-form")
    fields.update(title=title, **{"action-publish": "action-publish"})
    answer = editor.post(
        f"/admin/pages/{page_id}/edit/", data=fields, headers={"Origin": origin(editor)}
    )
    assert answer.status == 302, answer.text[:2000]


def title_in(response, title):
    return response.status == 200 and title in response.text


def test_every_layer_answers(stack):
    for index in range(2):
        health = stack.instance(index).get("/healthz/")
        assert health.status == 200
        assert health.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert stack.public().get("/healthz/").status == 200
    home = stack.public().get("/")
    assert home.status == 200
    assert home.headers["X-Cache"] in ("HIT", "MISS")
    # Static files straight from nginx.
    css = re.search(r'href="(/static/[^"]+\.css)"', home.text)
    assert css, "no stylesheet on the home page"
    static = stack.public().get(css.group(1))
    assert static.status == 200
    assert "X-Cache" not in static.headers


def test_django_marks_anonymous_pages_shared(stack, glossary_index):
    """The cache contract (README, Production): without it Varnish stores nothing."""
    _, path = glossary_index
    direct = stack.instance(0).get(path)
    cache_control = direct.headers.get("Cache-Control", "")
    assert "s-maxage=" in cache_control and "public" in cache_control, (
        f"Django sent Cache-Control {cache_control!r} for an anonymous page: the "
        "page cache (Cache-Control s-maxage, X-Cache-Tags) is not in this build"
    )
    assert direct.headers.get("X-Cache-Tags")


def test_second_anonymous_read_is_a_varnish_hit(stack, glossary_index):
    _, path = glossary_index
    reader = stack.public()
    reader.get(path)
    again = reader.get(path)
    assert again.status == 200
    assert again.headers["X-Cache"] == "HIT"
    # Tags are for bans, not for readers.
    assert "X-Cache-Tags" not in again.headers
    assert "Set-Cookie" not in again.headers


def test_publish_on_one_instance_is_served_by_both_and_by_varnish(
    stack, editor, glossary_index
):
    page_id, path = glossary_index
    reader = stack.public()
    reader.get(path)
    assert reader.get(path).headers["X-Cache"] == "HIT"

    title = f"Glossaire {secrets.token_hex(4)}"
    publish_title(editor, page_id, title)

    # The publish request purged Varnish before answering: the first read
    # after it is the new version, through nginx and Varnish.
    fresh = reader.get(path)
    assert title_in(fresh, title)
    assert fresh.headers["X-Cache"] == "MISS"
    for index in range(2):
        assert title_in(stack.instance(index).get(path), title)
    # And it is cached again.
    assert reader.get(path).headers["X-Cache"] == "HIT"
    assert title_in(reader.get(path), title)


def test_ban_by_tag_evicts_what_carries_it(stack, glossary_index):
    _, path = glossary_index
    reader = stack.public()
    reader.get(path)
    tagged = reader.get(path, headers={"X-Cache-Debug": "1"})
    assert tagged.headers["X-Cache"] == "HIT"
    tag = tagged.headers["X-Cache-Tags"].split()[0]
    varnish = stack.varnish_client()
    banned = varnish.request(
        "BAN", "/", headers={"X-Ban-Tags": rf"(^|\s)({re.escape(tag)})(\s|$)"}
    )
    assert banned.status == 200
    assert reader.get(path).headers["X-Cache"] == "MISS"
    # A regex with spaces is refused (it would not be one token of the ban).
    assert varnish.request("BAN", "/", headers={"X-Ban-Tags": "a b"}).status == 400


def test_purge_and_ban_are_refused_through_nginx(stack, glossary_index):
    _, path = glossary_index
    reader = stack.public()
    reader.get(path)
    assert reader.get(path).headers["X-Cache"] == "HIT"
    assert reader.request("PURGE", path).status in (403, 405)
    assert reader.request("BAN", "/", headers={"X-Ban-Tags": ".*"}).status in (403, 405)
    assert reader.get(path).headers["X-Cache"] == "HIT"


def test_logged_in_requests_never_come_from_the_cache(stack, editor, glossary_index):
    _, path = glossary_index
    anonymous = stack.public()
    anonymous.get(path)
    assert anonymous.get(path).headers["X-Cache"] == "HIT"
    logged_in = stack.public()
    logged_in.cookies = {"sessionid": editor.cookies["sessionid"]}
    for _ in range(2):
        answer = logged_in.get(path)
        assert answer.status == 200
        assert answer.headers["X-Cache"] == "MISS"
    # The admin is never cached either.
    for _ in range(2):
        assert logged_in.get("/admin/").headers["X-Cache"] == "MISS"


def test_audio_uploaded_on_one_instance_is_served_with_byte_ranges(stack, editor):
    content = AUDIO.read_bytes()
    add = editor.get("/admin/snippets/podcasts/audiofile/add/")
    assert add.status == 200
    name = f"stack-check-{secrets.token_hex(4)}.mp3"
    answer = editor.post(
        "/admin/snippets/podcasts/audiofile/add/",
        data={**form_fields(add.text), "title": name},
        files={"file": (name, content, "audio/mpeg")},
        headers={"Origin": origin(editor)},
    )
    assert answer.status == 302, answer.text[:2000]

    # Instance 2 knows the file (same database, same session) and links it
    # on the bucket's public path, served by nginx.
    other = stack.instance(1)
    other.cookies = dict(editor.cookies)
    listing = other.get(f"/admin/snippets/podcasts/audiofile/?q={name[:-4]}")
    assert listing.status == 200
    edit = re.search(
        r'href="(/admin/snippets/podcasts/audiofile/edit/\d+/)"', listing.text
    )
    assert edit, "the upload is not listed on instance 2"
    page = other.get(edit.group(1))
    url = re.search(
        rf'href="(https://[^"]+/media/podcasts/audio/[^"]*{name[:-4]}[^"]*)"', page.text
    )
    assert url, "instance 2 shows no media URL for the upload"
    path = "/" + url.group(1).split("/", 3)[3]

    reader = stack.public()
    whole = reader.get(path)
    assert whole.status == 200
    assert whole.body == content
    part = reader.get(path, headers={"Range": "bytes=1000-1999"})
    assert part.status == 206
    assert part.body == content[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(content)}"
    assert part.headers["Access-Control-Allow-Origin"] == "*"
    tail = reader.get(path, headers={"Range": "bytes=-10"})
    assert tail.status == 206 and tail.body == content[-10:]


def test_documents_are_not_served_from_the_media_path(stack):
    assert stack.public().get("/media/documents/anything.pdf").status == 404


def test_counted_download_is_sent_by_nginx_with_byte_ranges(stack):
    """The counting endpoint counts, then nginx sends the file from the
    bucket (X-Accel-Redirect to its internal location), range intact."""
    import psycopg
    import redis

    reader = stack.public()
    listing = reader.get(
        "/api/v2/pages/?type=podcasts.PodcastEpisodePage&fields=audio_url"
    )
    assert listing.status == 200, listing.text[:500]
    counted_url = next(
        item["audio_url"] for item in listing.json()["items"] if item["audio_url"]
    )
    path = "/" + counted_url.split("/", 3)[3]
    assert path.startswith("/podcasts/audio/")
    # The internal location is not reachable from outside.
    assert reader.get("/internal-audio/podcasts/audio/x.mp3").status == 404

    queue = redis.Redis.from_url(
        os.environ.get("STACK_CHECK_REDIS_URL", "redis://127.0.0.1:6379/3")
    )
    database = os.environ.get(
        "STACK_CHECK_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/pressroom_stack_check",
    )

    def queued():
        keys = list(queue.scan_iter(match="*:pressroom:audience:pending"))
        return sum(queue.llen(key) for key in keys)

    def stored():
        with psycopg.connect(database, autocommit=True) as connection:
            return connection.execute(
                "SELECT count(*) FROM podcasts_episodedownload"
            ).fetchone()[0]

    def counted(expected=None, seconds=15):
        """Downloads counted: waiting on Redis or written by the stack's task
        worker, which drains the queue a few seconds after a count (a drain
        in progress may hide one for a moment: read until ``expected``)."""
        deadline = time.monotonic() + (seconds if expected is not None else 0)
        while True:
            found = queued() + stored()
            if found == expected or time.monotonic() >= deadline:
                return found
            time.sleep(0.2)

    before = counted()
    app = {"User-Agent": f"AntennaPod/3.4.0 stack-check-{secrets.token_hex(4)}"}
    probe = reader.get(path, headers={**app, "Range": "bytes=0-1"})
    assert probe.status == 206 and len(probe.body) == 2
    size = int(probe.headers["Content-Range"].rsplit("/", 1)[1])
    part = reader.get(path, headers={**app, "Range": "bytes=1000-1999"})
    assert part.status == 206, part.text[:500]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{size}"
    assert len(part.body) == 1000
    assert "X-Accel-Redirect" not in part.headers
    assert "no-store" in part.headers["Cache-Control"]
    assert part.headers["Access-Control-Allow-Origin"] == "*"
    assert counted(before) == before  # a probe and 1,000 bytes: not a listen
    whole = reader.get(path, headers=app)
    assert whole.status == 200 and len(whole.body) == size
    assert whole.body[1000:2000] == part.body
    assert counted(before + 1) == before + 1  # counted once...
    again = reader.get(path, headers=app)
    assert again.status == 200 and again.body == whole.body
    assert counted(before + 1) == before + 1  # ...per listener and 24 hours
    # The stack's task worker writes it to the database: the queue empties.
    deadline = time.monotonic() + 60
    while queued() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert queued() == 0, "the task worker did not drain the counted downloads"
    assert stored() >= before + 1
