"""Consent to treatment and to sharing information (common law, the Caldicott principles)."""

from cpa_core.capacity.consent import checks, models, rules
from cpa_core.capacity.consent.checks import *
from cpa_core.capacity.consent.models import *
from cpa_core.capacity.consent.rules import *

__all__: list[str] = []
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
