"""``python -m aleppo_map.cli``: the same as the ``aleppo-map`` command."""

from . import main

main()
