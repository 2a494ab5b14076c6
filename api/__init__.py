"""HTTP API, command line and settings: thin adapters over ``tmx``, ``tm`` and ``glossaries``."""
