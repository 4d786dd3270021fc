"""Answers a program's questions one line at a time, as a person would.

usage: answer.py [--pty] PROGRAM [ARGS...] -- ANSWER...

Each answer is sent only once the program is waiting for it: its output has
grown since the last answer, ends in a prompt (no newline), and has been
quiet for a moment. (rclone 1.60 reads stdin through a fresh buffer per
question, so it loses lines that arrive together.) Without --pty the
answers go through a pipe; with --pty the program runs on a pseudo-terminal,
as for a person at a keyboard, and what the terminal shows (echo included)
is copied out. Prints the output and exits with the program's status.
"""
import os
import pty
import select
import subprocess
import sys
import time

QUIET = 0.08  # seconds of silence after a prompt before answering
PATIENCE = 15.0  # seconds to wait for a question before giving up on the answers

args = sys.argv[1:]
use_pty = args[0] == "--pty"
if use_pty:
    args = args[1:]
sep = args.index("--")
cmd, answers = args[:sep], args[sep + 1 :]

if use_pty:
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    read_fd, write = fd, lambda b: os.write(fd, b)
    newline = b"\r"
else:
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    read_fd = p.stdout.fileno()

    def write(b):
        p.stdin.write(b)
        p.stdin.flush()

    newline = b"\n"

out = bytearray()
alive = True


def read_some(timeout):
    """Reads what is there within timeout; False once the program's output has ended."""
    global alive
    r, _, _ = select.select([read_fd], [], [], timeout)
    if not r:
        return True
    try:
        chunk = os.read(read_fd, 65536)
    except OSError:
        chunk = b""
    if not chunk:
        alive = False
        return False
    out.extend(chunk)
    return True


def wait_for_question(since):
    deadline = time.time() + PATIENCE
    while alive and time.time() < deadline:
        before = len(out)
        read_some(QUIET)
        if len(out) == before and len(out) > since and not out.endswith(b"\n"):
            return


for a in answers:
    wait_for_question(len(out))
    if not alive:
        break
    try:
        write(a.encode() + newline)
    except (BrokenPipeError, OSError):
        break
if not use_pty:
    wait_for_question(len(out))
    p.stdin.close()
deadline = time.time() + PATIENCE
while alive and time.time() < deadline:
    read_some(0.5)
if use_pty:
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
else:
    code = p.wait()
sys.stdout.buffer.write(bytes(out))
sys.exit(code)
