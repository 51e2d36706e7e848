"""DoLS: urgent and standard authorisations (MCA 2005 Schedule A1); the LPS, not in force."""

from cpa_core.capacity.dols import checks, models, rules
from cpa_core.capacity.dols.checks import *
from cpa_core.capacity.dols.models import *
from cpa_core.capacity.dols.rules import *

__all__: list[str] = []
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
