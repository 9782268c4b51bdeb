"""``python -m reqres_mock`` runs the command line."""

import sys

from reqres_mock.cli.main import main

sys.exit(main())
