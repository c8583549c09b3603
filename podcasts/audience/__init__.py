"""Podcast audience figures: IAB-style download counting and its reports
(README, Podcast audience)."""
