"""`python -m kb.cli` runs the `binggui` command line."""
import sys

from kb.cli import main

sys.exit(main())
