"""The plain `grade CHALLENGE`'s terminal report, written by a child the console script forks first thing.

The child loads Jinja2 and the report's template (about 25 ms, more with colour) on the other processor
while the judge loads NumPy and the course, then waits for the result on a pipe only the two of them hold.
It is forked before the judge reads anything of the course, no learner's code ever runs in it, and it reads
nothing but what its parent sends.
"""
import os
import signal
import sys

# What the child says once it is done, before it ends; it says nothing when it could not render.
WRITTEN, READER_GONE = b"w", b"g"


class ReportWriter:
    """The judge's side of the forked writer: `write` once, then `close` (always; it reaps the child)."""

    def __init__(self, pid, pipe, done):
        self.pid, self.pipe, self.done = pid, pipe, done
        self.status = None          # the child's exit status, once reaped

    def write(self, result, again=None):
        """Have the child write the terminal report of `result` (`again`: see grader.views.render.to_text) and
        wait until it has. True when it did; False when it could not, having written nothing (render it here).
        Raises BrokenPipeError when the reader of stdout went away, as writing it here would."""
        import pickle   # loaded with NumPy by now; the fork came before both

        # The child is this process's own and no learner's code has run in it: pickle carries the result whole.
        data = pickle.dumps((result, again), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with os.fdopen(self.pipe, "wb") as pipe:
                self.pipe = None
                pipe.write(data)
        except OSError:
            pass   # the child ended early: it says nothing
        # Its word, not its end: the child ends while this process goes on, and `close` reaps it.
        said = os.read(self.done, 1)
        if said == READER_GONE:
            raise BrokenPipeError("the reader of the report went away")
        return said == WRITTEN

    def close(self):
        """End the child if it was never given a result (it is killed: it holds nothing), and reap it."""
        if self.status is not None:
            return
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.close(self.done)
        _, status = os.waitpid(self.pid, 0)
        self.status = os.waitstatus_to_exitcode(status)


def fork_report_writer():
    """A ReportWriter whose child is loading the terminal report's template now; None where processes cannot
    be forked."""
    if not hasattr(os, "fork"):
        return None
    results, pipe = os.pipe()
    done, say_done = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(pipe)
            os.close(done)
            said = _write_when_told(results)
            if said:
                os.write(say_done, said)
        finally:
            os._exit(0)
    os.close(results)
    os.close(say_done)
    return ReportWriter(pid, pipe, done)


def _write_when_told(pipe):
    """WRITTEN or READER_GONE once the result read from `pipe` is written to stdout; None if none came."""
    # Ctrl-C is the judge's to report; this child ends when the judge closes the pipe or kills it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import pickle

    from grader.views import render

    colour, columns = render.use_colour(sys.stdout), render.terminal_columns(sys.stdout)
    render.prepare_text(colour=colour, columns=columns)
    chunks = []
    while chunk := os.read(pipe, 1 << 16):
        chunks.append(chunk)
    if not chunks:
        return None
    result, again = pickle.loads(b"".join(chunks))
    text = render.to_text(result, colour=colour, columns=columns, again=again)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        return READER_GONE
    return WRITTEN
