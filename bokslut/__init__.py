"""bokslut: the follow-up reports of a Swedish kommun, from controllers' inputs to Word documents."""

__version__ = "0.1.0"
