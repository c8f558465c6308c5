from __future__ import annotations

import pytest

from callcenter.defaults import SYNONYM_DEFAULTS
from callcenter.models import FaqSynonym


@pytest.fixture
def default_synonyms(db):
    """The synonym groups the migration loads (a reused test database may have been flushed since)."""
    FaqSynonym.objects.all().delete()
    return FaqSynonym.objects.bulk_create(FaqSynonym(terms=terms) for terms in SYNONYM_DEFAULTS)
