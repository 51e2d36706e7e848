"""``python -m cpa_core`` runs the ``cpa-core`` command."""

import sys

from cpa_core.cli import main

sys.exit(main())
