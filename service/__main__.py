"""``python -m service`` is ``hfsbot``."""

import sys

from service.cli import main

sys.exit(main())
