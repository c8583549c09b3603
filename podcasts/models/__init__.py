"""Podcast models: shows, episodes, their audio files and parts."""

from .audience import (
    DailyEpisodeDownloads,
    DailyEpisodeTotal,
    DownloadSource,
    EpisodeDownload,
    SpooledAudioRequest,
)
from .audio import AUDIO_EXTENSIONS, AudioFile
from .episode import PodcastEpisodePage, PodcastEpisodePageTag
from .episode_parts import EpisodeChapter, EpisodePerson
from .show import PodcastShowPage, PodcastSubscribeLink

__all__ = [
    "AUDIO_EXTENSIONS",
    "AudioFile",
    "DailyEpisodeDownloads",
    "DailyEpisodeTotal",
    "DownloadSource",
    "EpisodeDownload",
    "EpisodeChapter",
    "EpisodePerson",
    "PodcastEpisodePage",
    "PodcastEpisodePageTag",
    "PodcastShowPage",
    "PodcastSubscribeLink",
    "SpooledAudioRequest",
]
