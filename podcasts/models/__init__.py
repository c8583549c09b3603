"""Podcast models: shows, episodes, their audio files and parts."""

from .audio import AUDIO_EXTENSIONS, AudioFile
from .episode import PodcastEpisodePage, PodcastEpisodePageTag
from .episode_parts import EpisodeChapter, EpisodePerson
from .show import PodcastShowPage, PodcastSubscribeLink

__all__ = [
    "AUDIO_EXTENSIONS",
    "AudioFile",
    "EpisodeChapter",
    "EpisodePerson",
    "PodcastEpisodePage",
    "PodcastEpisodePageTag",
    "PodcastShowPage",
    "PodcastSubscribeLink",
]
