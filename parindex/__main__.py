import sys

from parindex.cli import main

sys.exit(main())
