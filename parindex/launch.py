"""The `parindex` console command: parindex.cli.main, made safe to interrupt from the first moment.

Importing the command line (pydantic, pyyaml, simpleeval) takes a noticeable time; a Ctrl-C
pressed then would otherwise end in a Python traceback. Here it ends in one Vietnamese line and
exit code 1, like a Ctrl-C during the run itself.
"""

from __future__ import annotations

import sys

INTERRUPTED = "parindex: đã dừng theo yêu cầu; chưa chấm điểm và không ghi tệp kết quả nào\n"


def main() -> int:
    """The console entry point (`parindex = "parindex.launch:main"`); returns the exit code."""
    try:
        from parindex.cli import main as cli_main

        return cli_main()
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED)
        return 1
