"""`python -m reportgen`."""

import sys

from reportgen.cli.commands import main

sys.exit(main())
