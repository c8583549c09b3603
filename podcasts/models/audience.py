"""Audience figures: counted downloads and their daily aggregates.

No IP address is kept: a listener is a salted hash whose salt rotates daily
and is forgotten after two days (``podcasts.audience.counting``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .episode import PodcastEpisodePage
from .show import PodcastShowPage


class DownloadSource(models.TextChoices):
    FEED = "feed", _("Feed (podcast apps)")
    PLAYER = "player", _("Web player")
    DOWNLOAD = "download", _("Download link")
    API = "api", _("API")


class EpisodeDay(models.Model):
    """An episode (and its show) on one day: what every figure is kept by.
    No database constraint: figures stay when an episode or a show is
    deleted (a sponsor's report covers what was listened to)."""

    episode = models.ForeignKey(
        PodcastEpisodePage,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    show = models.ForeignKey(
        PodcastShowPage,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
    )
    day = models.DateField(_("day"))

    class Meta:
        abstract = True


class ListeningDimensions(models.Model):
    """Where a download came from and what played it."""

    source = models.CharField(
        _("source"), max_length=10, choices=DownloadSource.choices
    )
    app = models.CharField(_("app"), max_length=100, blank=True)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    device_class = models.CharField(_("device class"), max_length=30, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        abstract = True


class EpisodeDownload(EpisodeDay, ListeningDimensions):
    """One download counted under the IAB rules: at most one per listener,
    episode and 24 hours. Kept for audits and to rebuild the daily figures;
    reports read ``DailyEpisodeDownloads``."""

    counted_at = models.DateTimeField(_("counted at"))
    # sha256 of salt + IP + user agent; the salt is gone two days later.
    listener = models.CharField(_("listener"), max_length=64)

    class Meta:
        verbose_name = _("episode download")
        verbose_name_plural = _("episode downloads")
        default_permissions = ()
        permissions = [("view_audience", _("Can view podcast audience figures"))]
        indexes = [
            models.Index(fields=["episode", "day"], name="podcasts_dl_episode_day")
        ]

    def __str__(self):
        return f"{self.episode_id} {self.day}"


class DailyEpisodeDownloads(EpisodeDay, ListeningDimensions):
    """Downloads of an episode on one day, per source, app, platform, device
    class and country: what every report sums, so that a report's cost follows
    the days and episodes it covers, not the number of downloads."""

    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("daily episode downloads")
        verbose_name_plural = _("daily episode downloads")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "episode",
                    "day",
                    "source",
                    "app",
                    "platform",
                    "device_class",
                    "country",
                ],
                name="podcasts_daily_downloads_unique",
            )
        ]
        indexes = [
            models.Index(fields=["show", "day"], name="podcasts_daily_show_day"),
        ]

    def __str__(self):
        return f"{self.episode_id} {self.day}: {self.downloads}"


class DailyEpisodeTotal(EpisodeDay):
    """Downloads of an episode on one day, all sources and apps together: the
    curves and the first-days figures read these (one row per episode and
    day, however many apps), the breakdowns ``DailyEpisodeDownloads``."""

    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("daily episode total")
        verbose_name_plural = _("daily episode totals")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "day"], name="podcasts_daily_total_unique"
            )
        ]
        indexes = [
            models.Index(fields=["show", "day"], name="podcasts_total_show_day"),
        ]

    def __str__(self):
        return f"{self.episode_id} {self.day}: {self.downloads}"


class SpooledAudioRequest(ListeningDimensions):
    """An audio request that reached the counter while its Redis was down:
    kept here (one insert) and counted under the usual rules once Redis
    answers again (``podcasts.audience.redis_counter.replay_spool``). Only
    hashed listeners, as everywhere."""

    episode_id = models.BigIntegerField(_("episode"))
    listener = models.CharField(_("listener"), max_length=64)
    previous_listener = models.CharField(
        _("listener under yesterday's salt"), max_length=64, blank=True
    )
    covered_bytes = models.BigIntegerField(_("bytes asked for"))
    requested_at = models.DateTimeField(_("requested at"))

    class Meta:
        verbose_name = _("audio request waiting to be counted")
        verbose_name_plural = _("audio requests waiting to be counted")

    def __str__(self):
        return f"{self.episode_id} {self.requested_at:%Y-%m-%d %H:%M}"
