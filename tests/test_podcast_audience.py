"""Podcast audience: recorded request sequences counted under the IAB v2
rules, privacy, failure of the counter's storage, reports, permissions."""

import contextlib
import csv
import datetime
import functools
import http.server
import io
import json
import logging
import subprocess
import threading
import zoneinfo

from django.contrib.auth.models import Permission
from django.core import management
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings

import pytest
import redis

from podcasts.audience import counting, redis_counter, useragents
from podcasts.models import (
    AudioFile,
    DailyEpisodeDownloads,
    EpisodeDownload,
    SpooledAudioRequest,
)
from tests.factories import PodcastEpisodePageFactory
from tests.test_service_faults import wait_until

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# 600 seconds in 600,000 bytes: one minute is 60,000 bytes.
SIZE, DURATION, MINUTE = 600_000, 600, 60_000
CONTENT = bytes(range(256)) * (SIZE // 256) + bytes(SIZE % 256)

APPLE = "Podcasts/1710.3 CFNetwork/1494.0.7 Darwin/23.4.0"
SPOTIFY = "Spotify/8.9.36 Android/34 (SM-G991B)"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
IP = "203.0.113.77"


@pytest.fixture
def audio():
    name = default_storage.save("podcasts/audio/audience.mp3", ContentFile(CONTENT))
    return AudioFile.objects.create(
        title="Audience",
        file=name,
        duration_seconds=DURATION,
        file_size=SIZE,
        mime_type="audio/mpeg",
    )


@pytest.fixture
def episode(show, audio):
    return PodcastEpisodePageFactory(
        parent=show,
        title="Épisode compté",
        slug="compte",
        audio=audio,
        publication_date=datetime.date(2026, 3, 1),
    )


def url(episode, source="feed"):
    return episode.published_audio_url(source, root_url="")


def get(client, episode, user_agent, range_header=None, ip=IP, source="feed"):
    headers = {"HTTP_USER_AGENT": user_agent, "REMOTE_ADDR": ip}
    if range_header:
        headers["HTTP_RANGE"] = range_header
    response = client.get(url(episode, source), **headers)
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response, body


def downloads():
    # On Redis, counted downloads reach the database through the drain task.
    redis_counter.drain_pending()
    return sum(DailyEpisodeDownloads.objects.values_list("downloads", flat=True))


def ranges(start, stop, step):
    return [f"bytes={a}-{min(a + step, stop) - 1}" for a in range(start, stop, step)]


def test_published_urls_go_through_the_counting_endpoint(client, show, episode):
    assert url(episode) == f"/podcasts/audio/{episode.pk}/feed/audience.mp3"
    assert episode.audio_url == (
        f"http://localhost/podcasts/audio/{episode.pk}/api/audience.mp3"
    )
    feed = client.get(show.url + "feed/").content.decode()
    assert f"/podcasts/audio/{episode.pk}/feed/audience.mp3" in feed
    page = client.get(episode.url).content.decode()
    assert f"/podcasts/audio/{episode.pk}/player/audience.mp3" in page
    assert f"/podcasts/audio/{episode.pk}/download/audience.mp3" in page
    api = client.get(f"/api/v3/podcasts/episodes/{episode.pk}/").json()
    assert api["enclosure"]["url"].endswith(f"/{episode.pk}/api/audience.mp3")
    # The file's own URL is unchanged: whatever served old enclosures
    # (the web server, the bucket, the media view) still does.
    assert episode.audio.url == "/media/podcasts/audio/audience.mp3"
    assert downloads() == 0


def test_byte_ranges_are_served_intact(client, episode):
    response, body = get(client, episode, APPLE, "bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{SIZE}"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"
    assert body == CONTENT[100:200]
    response, body = get(client, episode, APPLE, "bytes=-10")
    assert body == CONTENT[-10:] and response.status_code == 206
    response, body = get(client, episode, APPLE, f"bytes={SIZE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    response, body = get(client, episode, APPLE)
    assert response.status_code == 200 and body == CONTENT
    head = client.head(url(episode), HTTP_USER_AGENT=APPLE)
    assert head.status_code == 200 and head["Content-Length"] == str(SIZE)
    assert "no-store" in response["Cache-Control"]


def test_app_probing_then_streaming_ranges_counts_once(client, episode):
    response, body = get(client, episode, APPLE, "bytes=0-1")
    assert (response.status_code, body) == (206, CONTENT[:2])
    assert downloads() == 0  # a probe is no listen
    for header in ranges(0, 32768, 16384):
        get(client, episode, APPLE, header)
    assert downloads() == 0  # half a minute so far
    for header in ranges(32768, SIZE, 16384):
        response, _ = get(client, episode, APPLE, header)
        assert response.status_code == 206
    assert downloads() == 1
    (row,) = DailyEpisodeDownloads.objects.all()
    assert (row.source, row.app, row.platform, row.device_class) == (
        "feed",
        "Apple Podcasts",
        "Apple iPhone",
        "mobile",
    )
    assert row.show_id == episode.get_parent().pk


def test_browser_re_requesting_counts_once(client, episode):
    for _ in range(3):
        response, body = get(client, episode, CHROME, source="player")
        assert body == CONTENT
    get(client, episode, CHROME, "bytes=300000-", source="player")
    assert downloads() == 1
    assert EpisodeDownload.objects.get().app == "Chrome"


def test_bots_are_never_counted(client, episode):
    for user_agent in (GOOGLEBOT, "curl/8.5.0", ""):
        response, body = get(client, episode, user_agent)
        assert body == CONTENT  # served all the same
    assert downloads() == 0


def test_two_listeners_behind_one_address_with_different_apps(client, episode):
    get(client, episode, APPLE)
    get(client, episode, SPOTIFY)
    get(client, episode, APPLE)
    assert downloads() == 2
    apps = set(DailyEpisodeDownloads.objects.values_list("app", flat=True))
    assert apps == {"Apple Podcasts", "Spotify"}


def test_a_short_file_counts_when_whole(client, show):
    short = PodcastEpisodePageFactory(
        parent=show,
        slug="court",
        audio=AudioFile.objects.create(
            title="Court",
            file=default_storage.save("podcasts/audio/court.mp3", ContentFile(CONTENT)),
            duration_seconds=45,
            file_size=SIZE,
            mime_type="audio/mpeg",
        ),
    )
    get(client, short, APPLE, f"bytes=0-{SIZE - 2}")
    assert downloads() == 0
    get(client, short, APPLE, f"bytes={SIZE - 1}-")
    assert downloads() == 1


def test_a_download_spanning_midnight_counts_once(client, episode, monkeypatch):
    clock = [datetime.datetime(2026, 3, 10, 23, 59, 30, tzinfo=PARIS)]
    monkeypatch.setattr(counting, "current_time", lambda: clock[0])
    get(client, episode, APPLE, f"bytes=0-{MINUTE // 2}")
    clock[0] = datetime.datetime(2026, 3, 11, 0, 0, 30, tzinfo=PARIS)
    get(client, episode, APPLE, f"bytes={MINUTE // 2 + 1}-{MINUTE + 10}")
    get(client, episode, APPLE, f"bytes={MINUTE + 11}-")
    assert downloads() == 1
    assert DailyEpisodeDownloads.objects.get().day == datetime.date(2026, 3, 11)
    # Counted before midnight: not again after it.
    clock[0] = datetime.datetime(2026, 3, 11, 23, 58, tzinfo=PARIS)
    get(client, episode, SPOTIFY)
    clock[0] = datetime.datetime(2026, 3, 12, 0, 5, tzinfo=PARIS)
    get(client, episode, SPOTIFY)
    assert downloads() == 2


def test_no_raw_address_in_the_database_or_the_logs(client, episode, caplog):
    caplog.set_level(logging.DEBUG)
    get(client, episode, APPLE)
    get(client, episode, CHROME, ip="2001:db8::77")
    assert downloads() == 2
    dump = io.StringIO()
    management.call_command("dumpdata", "podcasts", stdout=dump)
    assert IP not in dump.getvalue() and "2001:db8::77" not in dump.getvalue()
    listeners = EpisodeDownload.objects.values_list("listener", flat=True)
    assert all(len(value) == 64 for value in listeners)
    assert IP not in caplog.text and "2001:db8::77" not in caplog.text


def test_audio_is_served_when_the_counters_database_table_is_gone(
    client, episode, caplog
):
    table = EpisodeDownload._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_down")
    response, body = get(client, episode, APPLE, "bytes=1000-70999")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-70999/{SIZE}"
    assert body == CONTENT[1000:71000]
    assert "not recorded" in caplog.text and IP not in caplog.text
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table}_down RENAME TO {table}")
    # The listener was not marked as counted: the next request counts.
    get(client, episode, APPLE, "bytes=71000-139999")
    assert downloads() == 1


def test_audio_is_served_when_the_counters_cache_is_down(client, episode):
    broken = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "audience": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens there.
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    with override_settings(CACHES=broken, PRESSROOM_PODCAST_AUDIENCE_CACHE="audience"):
        response, body = get(client, episode, APPLE, "bytes=0-99")
        assert response.status_code == 206 and body == CONTENT[:100]
        response, body = get(client, episode, APPLE)
        assert body == CONTENT
        response, _ = get(client, episode, GOOGLEBOT)
        assert response.status_code == 200
    # Both requests of the listener kept to be counted once Redis answers;
    # the bot's never.
    kept = SpooledAudioRequest.objects.order_by("pk")
    assert [row.covered_bytes for row in kept] == [100, SIZE]
    assert {row.app for row in kept} == {"Apple Podcasts"}


@pytest.fixture
def private_redis(settings, tmp_path):
    """The audience counter on a redis-server of its own, which the test shuts
    down and starts again (with its data kept on disk, as in production),
    through the site's fault-tolerant cache."""
    from tests.test_service_faults import RedisServer

    class PersistentRedis(RedisServer):
        def start(self):
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--dir", str(tmp_path), "--save", "", "--appendonly", "yes"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.client = redis.Redis.from_url(self.url)
            wait_until(self.answers, "redis-server answers")

        def answers(self):
            try:
                return self.client.ping()
            except redis.ConnectionError:
                return False

        def stop(self):
            with contextlib.suppress(redis.ConnectionError):
                self.client.shutdown()
            self.process.wait()

    server = PersistentRedis()
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "audience": {
            "BACKEND": "site_config.cache.FaultTolerantRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
                "RETRY_INTERVAL": 0,
            },
        },
    }
    settings.PRESSROOM_PODCAST_AUDIENCE_CACHE = "audience"
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


def test_downloads_are_counted_while_redis_is_down(
    client, episode, private_redis, settings
):
    # Redis up: counted in one round trip, drained into the database.
    for header in ranges(0, 2 * MINUTE, MINUTE // 2):
        get(client, episode, APPLE, header)
    assert downloads() == 1
    private_redis.stop()
    # Redis down: everything served; a listener streaming in ranges, one
    # probing only, the first listener again, a bot.
    for header in ["bytes=0-1", *ranges(0, 2 * MINUTE, MINUTE // 2)]:
        response, body = get(client, episode, SPOTIFY, header)
        assert response.status_code == 206 and body
    get(client, episode, CHROME, "bytes=0-1", ip="198.51.100.9")
    get(client, episode, APPLE, "bytes=0-99999")
    get(client, episode, GOOGLEBOT)
    assert SpooledAudioRequest.objects.count() == 7
    dump = io.StringIO()
    management.call_command("dumpdata", "podcasts", stdout=dump)
    assert IP not in dump.getvalue() and "198.51.100.9" not in dump.getvalue()
    assert downloads() == 1  # not yet: Redis is down
    # Redis back, with what it held: the first counting request
    # schedules the replay, counted under the same rules.
    private_redis.start()
    get(client, episode, CHROME, "bytes=0-1", ip="198.51.100.10")
    assert downloads() == 2
    assert not SpooledAudioRequest.objects.exists()
    rows = EpisodeDownload.objects.order_by("counted_at")
    assert [row.app for row in rows] == ["Apple Podcasts", "Spotify"]
    # Counted once, before the outage or during it.
    get(client, episode, SPOTIFY, "bytes=0-999999")
    get(client, episode, APPLE)
    assert downloads() == 2
    # On production's queue: queued on Redis, one drain task deferred to the
    # end of the interval (or the command, for cron).
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.PRESSROOM_PODCAST_AUDIENCE_DRAIN_INTERVAL = 3600
    get(client, episode, CHROME, ip="198.51.100.11")
    get(client, episode, CHROME, ip="198.51.100.12")
    assert EpisodeDownload.objects.count() == 2
    queued = DBTaskResult.objects.get(task_path__endswith="drain_downloads")
    assert queued.run_after > datetime.datetime.now(datetime.UTC)
    out = io.StringIO()
    management.call_command("drain_podcast_downloads", stdout=out)
    assert out.getvalue().startswith("2 podcast downloads")
    assert EpisodeDownload.objects.count() == 4


@pytest.fixture
def geoip_database(tmp_path, settings):
    """A MaxMind-format country database, written for the test."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    from podcasts.audience.counting import _geoip_reader

    writer = MMDBWriter(
        ip_version=6, database_type="GeoIP2-Country", ipv4_compatible=True
    )
    for network, code in (("203.0.113.0/24", "FR"), ("2001:db8::/32", "BE")):
        writer.insert_network(
            IPSet([network]),
            {"country": {"iso_code": code, "names": {"en": code}}},
        )
    path = tmp_path / "countries.mmdb"
    writer.to_db_file(str(path))
    settings.PRESSROOM_PODCAST_AUDIENCE_GEOIP_PATH = str(path)
    yield path
    _geoip_reader.cache_clear()


def test_country_of_counted_downloads_from_a_geoip_database(
    client, episode, geoip_database
):
    get(client, episode, APPLE)  # 203.0.113.77
    get(client, episode, SPOTIFY, ip="2001:db8::77")
    get(client, episode, CHROME, ip="198.51.100.1")  # not in the database
    assert downloads() == 3
    by_app = dict(EpisodeDownload.objects.values_list("app", "country"))
    assert by_app == {"Apple Podcasts": "FR", "Spotify": "BE", "Chrome": ""}
    countries = DailyEpisodeDownloads.objects.values_list("country", flat=True)
    assert sorted(countries) == ["", "BE", "FR"]
    # An unreadable database is no country, never an error.
    geoip_database.write_bytes(b"not a database")
    counting._geoip_reader.cache_clear()
    response, _ = get(client, episode, APPLE, ip="203.0.113.78")
    assert response.status_code == 200
    assert EpisodeDownload.objects.filter(country="").count() == 2


def test_unpublished_episodes_audio_is_not_served(client, episode):
    path = url(episode)
    assert client.get(path).status_code == 200  # kept for a minute…
    episode.unpublish()  # …and forgotten at once
    assert client.get(path).status_code == 404
    assert client.get("/podcasts/audio/99999/feed/x.mp3").status_code == 404
    assert client.get(f"/podcasts/audio/{episode.pk}/other/x.mp3").status_code == 404
    assert client.post(path).status_code == 405


@override_settings(PRESSROOM_PODCAST_AUDIENCE_DELIVERY="redirect")
def test_redirect_delivery_counts_then_redirects(client, episode):
    response = client.get(url(episode), HTTP_USER_AGENT=APPLE, REMOTE_ADDR=IP)
    assert response.status_code == 302
    assert response["Location"] == episode.audio.file.url
    assert "no-store" in response["Cache-Control"]
    assert downloads() == 1


@override_settings(PRESSROOM_PODCAST_AUDIENCE_DELIVERY="accel")
def test_accel_delivery_hands_the_file_to_nginx(client, episode):
    response = client.get(url(episode), HTTP_USER_AGENT=APPLE, REMOTE_ADDR=IP)
    name = episode.audio.file.name
    assert response["X-Accel-Redirect"] == f"/internal-audio/{name}"
    assert downloads() == 1


@override_settings(PRESSROOM_PODCAST_AUDIENCE_CLIENT_IP_HEADER="X-Real-IP")
def test_listener_address_from_the_proxy_header(client, episode):
    for address in ("198.51.100.1", "198.51.100.2"):
        client.get(
            url(episode),
            HTTP_USER_AGENT=APPLE,
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP=address,
        )
    assert downloads() == 2


# -- reports ---------------------------------------------------------------------


@pytest.fixture
def recorded(show, episode):
    """Downloads over three weeks from three apps, as counting records them."""
    other = PodcastEpisodePageFactory(
        parent=show,
        slug="autre",
        audio=episode.audio,
        publication_date=datetime.date(2026, 3, 10),
    )
    rows = []
    for offset in range(21):
        day = datetime.date(2026, 3, 1) + datetime.timedelta(days=offset)
        for app, count in (("Apple Podcasts", 3), ("Spotify", 2), ("Chrome", 1)):
            for target in (episode, other):
                rows.append((target, day, app, count))
    for target, day, app, count in rows:
        for n in range(count):
            counting.record_download(
                episode_id=target.pk,
                show_id=show.pk,
                counted_at=datetime.datetime.combine(day, datetime.time(12), PARIS),
                day=day,
                listener=f"{n:064d}",
                source="player" if app == "Chrome" else "feed",
                app=app,
                platform="Apple iPhone" if app != "Spotify" else "Android Phone",
                device_class="mobile",
                country="",
            )
    return episode, other


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("analyste", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_audience"),
    )
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


REPORT = "/admin/reports/podcast-audience/"


def test_report_figures(client, show, recorded, analyst):
    episode, other = recorded
    client.force_login(analyst)
    query = f"?show={show.pk}&start=2026-03-01&end=2026-03-21&period=week"
    response = client.get(REPORT + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Apple Podcasts" in html
    report = response.context["report"]
    assert report.total == 21 * 6 * 2
    # Weeks start on Monday: 2026-02-23 holds 1 March (a Sunday).
    assert report.series[0] == (datetime.date(2026, 2, 23), 12)
    assert sum(n for _, n in report.series) == report.total
    assert report.apps[0] == ("Apple Podcasts", 21 * 3 * 2)
    figures = {item["id"]: item for item in report.episodes}
    assert figures[episode.pk]["first_7_days"] == 7 * 6
    assert figures[other.pk]["first_7_days"] == 7 * 6
    assert figures[episode.pk]["first_30_days"] == 21 * 6
    assert figures[other.pk]["first_30_days"] == 12 * 6
    episode_only = client.get(
        REPORT + f"?episode={episode.pk}&start=2026-03-05&end=2026-03-06"
    )
    assert episode_only.context["report"].total == 12


def test_sponsor_csv(client, show, recorded, analyst):
    client.force_login(analyst)
    response = client.get(
        REPORT + f"?show={show.pk}&start=2026-03-10&end=2026-03-11&format=csv"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Épisode"
    assert rows[1][2] == "12" and rows[2][2] == "12"
    assert rows[-1] == ["Total", "24"]


def test_report_refuses_users_without_the_permission(client, recorded, editor):
    assert client.get(REPORT)["Location"].startswith("/admin/login/")
    client.force_login(editor)
    # Wagtail turns the refusal into its dashboard with a message.
    refused = client.get(REPORT)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert client.get(REPORT + "?format=csv")["Location"] == "/admin/"
    assert client.get("/api/v3/podcasts/audience/").status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "?start=2026-13-01",
        "?period=year",
        "?show=abc",
        "?start=2026-03-10&end=2026-03-01",
        "?start=2000-01-01&end=2026-01-01",
        "?format=xml",
        "?colour=blue",
        f"?show={2**70}",
    ],
)
def test_report_bad_parameters_are_a_400(client, analyst, query):
    client.force_login(analyst)
    response = client.get(REPORT + query)
    assert response.status_code == 400
    assert response.context["report"] is None
    assert response.context["form"].errors


def test_report_unknown_show_is_a_404(client, analyst):
    client.force_login(analyst)
    assert client.get(REPORT + "?show=987654").status_code == 404


def test_api_figures_match_the_report(client, show, recorded, analyst):
    episode, _ = recorded
    assert client.get("/api/v3/podcasts/audience/").status_code == 401
    client.force_login(analyst)
    query = "?start=2026-03-01&end=2026-03-21&period=day"
    data = client.get(f"/api/v3/podcasts/audience/shows/{show.pk}/{query}").json()
    assert data["total"] == 252
    assert len(data["series"]) == 21 and data["series"][0]["downloads"] == 12
    assert data["apps"][0] == {"name": "Apple Podcasts", "downloads": 126}
    assert {s["name"] for s in data["sources"]} == {
        "Lecteur web",
        "Flux (applis de podcast)",
    }
    one = client.get(f"/api/v3/podcasts/audience/episodes/{episode.pk}/{query}").json()
    assert one["total"] == 126 and one["episodes"][0]["first_7_days"] == 42


@pytest.mark.parametrize(
    "query", ["?period=year", "?start=2026-02-30", "?start=2026-03-10&end=2026-03-01"]
)
def test_api_bad_parameters_are_a_422(client, show, analyst, query):
    client.force_login(analyst)
    response = client.get(f"/api/v3/podcasts/audience/shows/{show.pk}/{query}")
    assert response.status_code == 422


def test_api_unknown_show_is_a_404(client, analyst):
    client.force_login(analyst)
    assert client.get("/api/v3/podcasts/audience/shows/987654/").status_code == 404


def test_rollup_upsert_sums_on_both_backends(show, episode):
    for _ in range(3):
        counting.record_download(
            episode_id=episode.pk,
            show_id=show.pk,
            counted_at=datetime.datetime(2026, 3, 1, 12, tzinfo=PARIS),
            day=datetime.date(2026, 3, 1),
            listener="0" * 64,
            source="feed",
            app="Overcast",
            platform="",
            device_class="",
            country="",
        )
    (row,) = DailyEpisodeDownloads.objects.all()
    assert row.downloads == 3 and EpisodeDownload.objects.count() == 3


# -- the user-agent lists --------------------------------------------------------


@pytest.fixture
def updated_lists(tmp_path):
    """The shipped lists with one more app, as a folder of runtime files."""
    source = tmp_path / "source"
    source.mkdir()
    for name in useragents.LIST_NAMES:
        data = json.loads((useragents.SHIPPED_DIR / f"{name}.json").read_text())
        if name == "apps":
            data["entries"].insert(
                0, {"name": "Écoute Pressroom", "pattern": "^Ecoute/"}
            )
        (source / f"{name}.runtime.json").write_text(json.dumps(data))
    return source


def test_update_user_agents_from_a_folder(updated_lists, tmp_path, settings):
    target = tmp_path / "lists"
    management.call_command(
        "update_podcast_user_agents",
        str(updated_lists),
        to=str(target),
        stdout=io.StringIO(),
    )
    settings.PRESSROOM_PODCAST_AUDIENCE_USER_AGENTS_DIR = str(target)
    assert useragents.classify("Ecoute/1.0 (iPhone)").app == "Écoute Pressroom"
    assert useragents.classify(GOOGLEBOT).is_bot


def test_update_user_agents_from_a_url(updated_lists, tmp_path, settings):
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(updated_lists)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        target = tmp_path / "lists"
        management.call_command(
            "update_podcast_user_agents",
            f"http://127.0.0.1:{server.server_port}/",
            to=str(target),
            stdout=io.StringIO(),
        )
    finally:
        server.shutdown()
        server.server_close()
    settings.PRESSROOM_PODCAST_AUDIENCE_USER_AGENTS_DIR = str(target)
    assert useragents.classify("Ecoute/2").app == "Écoute Pressroom"


def test_update_user_agents_refuses_a_broken_list(updated_lists, tmp_path):
    (updated_lists / "bots.runtime.json").write_text('{"no": "entries"}')
    target = tmp_path / "lists"
    with pytest.raises(management.CommandError, match="bots"):
        management.call_command(
            "update_podcast_user_agents", str(updated_lists), to=str(target)
        )
    assert not target.exists()  # nothing half-written


def test_demo_downloads_fill_the_report(client, show, episode, analyst):
    from site_config.demo.audience import generate_demo_downloads

    added = generate_demo_downloads()
    assert added > 100
    assert generate_demo_downloads() == 0  # once
    assert downloads() == added
    client.force_login(analyst)
    response = client.get(REPORT + f"?show={show.pk}")
    assert response.context["report"].total > 0
    assert response.context["report"].apps[0][0] == "Apple Podcasts"
