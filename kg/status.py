"""The exit statuses of the `kg` command: what `kg.cli.main()` returns and the shell sees.

>>> int(ExitStatus.CTRL_C), ExitStatus(2).name
(130, 'INPUT')
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # a problem kg reports in one line (a failed query, an endpoint that refused, SHACL violations)
    INPUT = 2  # a report, graph, query or gold file that cannot be read as asked
    USAGE = 2  # a wrong option or argument (click's code; the same as INPUT: what was passed is wrong)
    CTRL_C = 130  # 128 + SIGINT
    PIPE_CLOSED = 141  # 128 + SIGPIPE: the reader of the output went away (`kg query … | head`), said nothing
    TERMINATED = 143  # 128 + SIGTERM
