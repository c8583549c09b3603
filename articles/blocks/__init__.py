"""StreamField blocks only articles use: the article body (``body``) composes
the shared blocks of ``editorial.blocks`` with the event announcement
(``events``), embeds and episodes (``embeds``) and the sponsorship note
(``sponsorship``)."""

from .body import ArticleBodyBlock
from .embeds import ArticleEmbedBlock, PodcastEpisodeBlock
from .events import (
    EventBlock,
    EventValue,
    SpeakerBlock,
    TimeZoneChoiceBlock,
    speaker_entries,
    time_zone_choices,
)
from .sponsorship import SponsorshipNoteBlock

__all__ = [
    "ArticleBodyBlock",
    "ArticleEmbedBlock",
    "EventBlock",
    "EventValue",
    "PodcastEpisodeBlock",
    "SpeakerBlock",
    "SponsorshipNoteBlock",
    "TimeZoneChoiceBlock",
    "speaker_entries",
    "time_zone_choices",
]
