"""Run the command line: ``python -m qbalance``."""

import sys

from qbalance.cli import main

sys.exit(main())
