"""``python -m aikg``: the same command as ``aikg``."""

from aikg.cli import main

main()
