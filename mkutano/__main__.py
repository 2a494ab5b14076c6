"""``python -m mkutano``: the command line."""

from . import main

main()
