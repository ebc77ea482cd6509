"""The one error every content loader raises (bot/core/content.py,
bot/core/lexicon.py): the content files are malformed or inconsistent."""


class ContentError(ValueError):
    """The content files are malformed or inconsistent."""
