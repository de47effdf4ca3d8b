"""From news text to candidate claims and events that a person reviews.

Ingestion proposes, review accepts: nothing read here enters ``claims.csv`` or
``events.csv`` by itself. For one article and its publication date it finds

- **place mentions**, with character offsets, by a longest-match scan of the gazetteer's
  normalized alias tokens ("Aleppo University" and "New Aleppo" are never read as the city;
  Arabic script, French and Spanish forms count), and the capitalised names in a place
  position that resolve to nothing (*unresolved*, with their context);
- **dates**: weekdays, "on the eve", "since 2016" ... resolved against the publication date;
- **control statements**: who did what to which place, the actor's words mapped to a side
  and the verb to an action through the editable tables ``actors.csv``, ``claimants.csv``
  and ``cues.csv`` of the data folder;
- **attribution and denial** ("according to the Observatory", "told AFP", "the army denied
  this") as the claim's stance and claimant;
- **events** with casualty figures per source.

Every candidate carries the fields of a claim (or an event), the sentence as its quote,
offsets, a confidence, the cue that produced it and a note saying how it was read. The
rules are in ``docs/ingest.md``. One name that resolves to nothing never costs a document
its other results: it is reported and the rest goes on.

The stages, one module each, in the order :meth:`Ingestor.read` runs them:

========================  ==========================================================
``text``                  tokens, sentences, paragraphs, quotations (:class:`Article`)
``mentions``              names and cues; place mentions and unresolved names
``dates``                 time expressions and the day a statement is about
``attribution``           claimants, speakers of quotations, hedges
``statements``            control claims and denials
``events``                attacks and casualty figures
``sheet``                 the candidate sheet (CSV rows for review), reading one back
``review``                the ``review`` command: accepted candidates into the data
``evaluation``            scores against hand-annotated articles (``aleppo-map eval``)
========================  ==========================================================

``lexicon`` holds the words they share (the editable tables and fixed word sets),
``records`` the records they pass on, ``pipeline`` the :class:`Ingestor` that runs them,
``cli`` the ``ingest`` command.
"""

from .dates import find_dates
from .lexicon import ACTORS, CLAIMANTS, CUE_KINDS, CUES, Lexicon, PlaceIndex
from .pipeline import Ingestor
from .records import Candidate, Cue, DateRef, Document, Entity, Mention
from .sheet import (
    CANDIDATE_COLUMNS,
    CANDIDATES,
    EVENT_ONLY,
    KINDS,
    MAX_BYTES,
    MIN_LETTERS,
    STATUSES,
    candidate_rows,
    candidates_frame,
    claim_problems,
    event_problems,
    load_candidates,
    read_article,
    read_candidates,
)

__all__ = [
    "ACTORS",
    "CANDIDATES",
    "CANDIDATE_COLUMNS",
    "CLAIMANTS",
    "CUES",
    "CUE_KINDS",
    "EVENT_ONLY",
    "KINDS",
    "MAX_BYTES",
    "MIN_LETTERS",
    "STATUSES",
    "Candidate",
    "Cue",
    "DateRef",
    "Document",
    "Entity",
    "Ingestor",
    "Lexicon",
    "Mention",
    "PlaceIndex",
    "candidate_rows",
    "candidates_frame",
    "claim_problems",
    "event_problems",
    "find_dates",
    "load_candidates",
    "read_article",
    "read_candidates",
]
