"""The ingestor: the stages in their order, over one dataset's gazetteer and lexicon."""

from __future__ import annotations

import datetime as dt

from ..dataset import Dataset
from .attribution import Attribution
from .dates import Dates
from .events import Events
from .lexicon import Lexicon, PlaceIndex, phrase_keys, walk
from .mentions import Mentions
from .records import Document, Mention
from .statements import Statements
from .text import LANGUAGE_NAMES, Article, language_of, split_header


class Ingestor:
    """Reads articles into candidates, with one dataset's gazetteer, sides, sources and lexicon.

    Build once and reuse: the alias index and the resolution memo make the second article
    much cheaper than the first.

    Parameters
    ----------
    dataset : Dataset
        The validated data folder (gazetteer, sides, sources, and the lexicon tables).
    lexicon : Lexicon, optional
        Defaults to :meth:`Lexicon.load` of the dataset.
    """

    def __init__(self, dataset: Dataset, lexicon: Lexicon | None = None):
        self.dataset = dataset
        self.gazetteer = dataset.gazetteer
        self.lexicon = lexicon or Lexicon.load(dataset)
        self.index = PlaceIndex(dataset)
        self.sides = set(dataset.sides["id"])
        self.source_side = dict(zip(dataset.sources["id"], dataset.sources["side"], strict=True))
        self.source_ids = set(dataset.sources["id"])
        self._resolved: dict[tuple, object] = {}
        kinds = self.gazetteer.places["kind"]
        self._kind = dict(zip(self.gazetteer.places["id"], kinds, strict=True))
        self._governorate: dict[str, str] = {}

    # -- public --------------------------------------------------------------------------------
    def outlet_id(self, name: str) -> str | None:
        """The source id an ``--outlet`` value names: an id, a claimant phrase or a source's name."""
        if name in self.source_ids:
            return name
        keys = phrase_keys(name)
        end, found = walk(self.lexicon.entities, list(keys), 0)
        if end == len(keys) and found and found[0].source:
            return found[0].source
        by_name = {
            n.casefold(): i for i, n in zip(self.dataset.sources["id"], self.dataset.sources["name"], strict=True)
        }
        return by_name.get(name.casefold())

    def ingest(self, text: str, published: str | dt.date | None = None, origin: str = "", outlet: str = "") -> Document:
        """Mentions, dates and candidates of one article.

        Parameters
        ----------
        text : str
            The article, as received. A header block (``title:``, ``outlet:``,
            ``publication_date:``, ``url:`` ... lines, then ``---``) is metadata, never text:
            it is blanked before reading, so offsets stay offsets into ``text``.
        published : str or date, optional
            Its publication day (YYYY-MM-DD); relative dates count back from it. Defaults to
            the header's ``publication_date``; without either, a ValueError says so.
        origin : str
            The file name or URL recorded as each candidate's ``origin``; the header's
            ``url`` when it has one.
        outlet : str
            The source id of the publisher; a claimant equal to it is the outlet's own voice.
            Defaults to the header's ``outlet`` when that names a known source.
        """
        header, text = split_header(text)
        warnings: list[str] = []
        if header is not None:
            if not published and header.published:
                published = header.published[:10]
            if header.url:
                origin = header.url
            if not outlet and header.outlet:
                outlet = self.outlet_id(header.outlet) or ""
                if not outlet:
                    warnings.append(
                        f"the header's outlet {header.outlet!r} is not in sources.csv: give --outlet "
                        "(a known source, or a new one with --outlet-role to register it)"
                    )
        if not published:
            raise ValueError("no publication date: give --published YYYY-MM-DD or a header line 'publication_date:'")
        try:
            day = published if isinstance(published, dt.date) else dt.date.fromisoformat(str(published))
        except ValueError:
            raise ValueError(f"publication date {published!r} is not a date in the form YYYY-MM-DD") from None
        art = Article(text, day, origin, outlet, self.index.norm)
        wire = self.outlet_id(art.agency) if art.agency else None
        if wire and wire != outlet:
            art.wire = wire  # wire copy relayed by the outlet: the writer's voice is the wire's
        language = language_of(text)
        if language != "en":
            own = self.lexicon.languages.get(language, 0)
            warnings.append(
                f"the text looks {LANGUAGE_NAMES.get(language, 'not English')}, not English: place names are found, "
                + (
                    f"claims are read with the {own} cues of that language in cues.csv only (a small set), "
                    "dates and the rest of attribution in English only"
                    if own
                    else "but claims, dates and attribution are read in English only"
                )
            )
        art.warnings.extend(warnings)
        return self.read(art)

    def read(self, art: Article) -> Document:
        """The stages, in their order, over one article.

        1. text (:class:`Article`): tokens, sentences, paragraphs, quotations;
        2. mentions (:class:`Mentions`): names and cues by longest match (``scan``);
        3. dates (:class:`Dates`): time expressions, and which open a sentence or paragraph;
        4. mentions again: place names resolved (a city named most is the article's focus),
           then capitalised names in a place position that resolve to nothing;
        5. attribution (:class:`Attribution`): claimants, speakers, hedges;
        6. statements (:class:`Statements`): control claims and denials;
        7. events (:class:`Events`): attacks and figures.

        The candidate sheet (:mod:`.sheet`) turns the documents into rows for review.
        """
        men = Mentions(self, art)
        men.scan()
        when = Dates(art, men)
        men.resolve_mentions()
        men.find_unresolved()
        att = Attribution(art, men)
        stmt = Statements(self, art, men, when, att)
        cands = stmt.claims() + Events(self, art, men, when, att, stmt).events()
        return Document(
            origin=art.origin,
            published=art.pub,
            outlet=art.outlet,
            mentions=[m for m in men.mentions if m.place_id],
            unresolved=[m for m in men.mentions if not m.place_id] + men.unresolved,
            dates=when.dates,
            candidates=cands,
            warnings=art.warnings,
        )

    def mentions(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """Place mentions and unresolved names of ``text`` only (no dates, claims or events)."""
        men = Mentions(self, Article(text, dt.date.today(), known=self.index.norm))
        men.scan()
        men.resolve_mentions()
        men.find_unresolved()
        found = [m for m in men.mentions if m.place_id]
        return found, [m for m in men.mentions if not m.place_id] + men.unresolved

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, name: str, kinds: tuple[str, ...] | None = None, context: str | None = None):
        """Gazetteer answer for ``name``, memoised per normalized key, kinds and context."""
        memo_key = (name, kinds, context)
        hit = self._resolved.get(memo_key)
        if hit is None:
            if kinds is None and context is None:
                hit = self.gazetteer.resolve_many([name])[0]
            else:
                hit = self.gazetteer.resolve(name, context=context, kinds=list(kinds) if kinds else None)
            self._resolved[memo_key] = hit
        return hit

    def kind(self, place_id: str) -> str:
        return self._kind.get(place_id, "")

    def governorate(self, place_id: str) -> str:
        """The governorate a place lies in (itself if it is one), or the place when none."""
        hit = self._governorate.get(place_id)
        if hit is None:
            hit = place_id
            if self.kind(place_id) != "governorate":
                for anc in self.gazetteer.ancestors(place_id):
                    if self.kind(anc) == "governorate":
                        hit = anc
                        break
            self._governorate[place_id] = hit
        return hit
