"""aleppo_map: map who holds what in a war, from the reports that say so.

Data flows one way: ``geodata/`` files -> :mod:`aleppo_map.dataset` (load and validate) ->
:mod:`aleppo_map.gazetteer` (names) and :mod:`aleppo_map.states` (claims to states) ->
:mod:`aleppo_map.geocoder` and :mod:`aleppo_map.cli` on top. Notebooks use the same API.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    # The version is written once, in pyproject.toml; the installed metadata carries it here.
    __version__ = version("aleppo-map")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
