"""The conference in the model: its facts, its participants, its programme and its documents, and where the build date falls.

Its facts come from site.toml ([conference]), its participants from
data/participation.yaml (data.py reads and checks it), its documents from
data/documents.yaml (documents.py). What templates see of them, in a page's language,
is made in conference_views.py and library.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sitegen.core.dates import Phase
from sitegen.i18n.session_texts import SessionTexts
from sitegen.inputs.config import Conference
from sitegen.inputs.documents import Document
from sitegen.inputs.interpretation import Interpretation
from sitegen.inputs.participation import Participation
from sitegen.inputs.schedule import Schedule, Session
from sitegen.model.schedule_changes import ScheduleHistory


@dataclass(frozen=True)
class ConferenceModel:
    """The conference: its facts, who takes part, and where the build date falls against its days."""

    facts: Conference
    participation: Participation | None
    phase: Phase
    schedule: Schedule | None = None  # the programme, when data/schedule.json gives one
    session_texts: Mapping[str, SessionTexts] = field(default_factory=dict)  # its translations, by language (not the default)
    documents: tuple[Document, ...] = ()  # the document library, from data/documents.yaml
    history: ScheduleHistory | None = None  # what changed between the programme's versions, when data/schedule-history/ holds earlier ones
    interpretation: Interpretation | None = None  # the languages sessions are interpreted into (data/interpretation.yaml)

    @property
    def sessions_with_pages(self) -> tuple[Session, ...]:
        """The current sessions, then the cancelled ones, which keep their pages."""
        current = self.schedule.sessions if self.schedule else ()
        return current + (self.history.cancelled if self.history else ())
