"""The planner never prints solver noise (issue 17): C output on descriptor 1 is discarded."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_c_level_stdout_is_silenced_and_python_output_kept() -> None:
    code = textwrap.dedent("""
        import ctypes, os
        from qbalance._quiet import quiet_stdout
        libc = ctypes.CDLL(None)
        print("before", flush=True)
        with quiet_stdout():
            libc.printf(b"noise from C\\n")
            os.write(1, b"noise on fd 1\\n")
            with quiet_stdout():  # nested
                libc.printf(b"more noise\\n")
        print("after", flush=True)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["before", "after"]
