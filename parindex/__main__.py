import sys

from parindex.launch import main

sys.exit(main())
