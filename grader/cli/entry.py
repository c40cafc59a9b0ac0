"""The console script: `grade`'s entry point, and its exit.

The learner's plain `grade CHALLENGE ...` runs straight from here (grader.cli.grade_one): it is the
command run after every edit, so it does not wait for click's whole command tree and the instructor's
commands to import; so does `grade list [--json]` (grader.cli.listing). Everything else goes through the
click group (grader.cli.main).
"""
import os
import signal
import sys
from pathlib import Path

from grader.limits import ONE_BLAS_THREAD

INTERRUPTED = 130   # the shell's status for a command ended by Ctrl-C (128 + SIGINT)
# The worker that runs the learner's code needs POSIX: its time limits are SIGALRM, its memory limit setrlimit.
NOT_ON_WINDOWS = ("nnfs-grade cannot grade on Windows itself: the process that runs your code needs Linux or macOS "
                  "(its time and memory limits are POSIX signals and resource limits). Run the course inside WSL "
                  "instead: `wsl --install` in PowerShell, then clone and install the course in WSL's Ubuntu "
                  "terminal, where `sudo apt install bubblewrap` also gives your code its sandbox.")
_pressed = []       # the Ctrl-C this process received, if any (_on_ctrl_c)

# Every command name of the `grade` group: a first argument among them is a command, never a challenge.
# tests/test_cli_runner.py checks this against the group.
COMMANDS = frozenset({"check", "dev", "doctor", "export", "hint", "list", "release", "report", "reset", "watch"})
VALUE_OPTIONS = {"--submission": "submission", "--html": "html_path", "--check": "only"}
FLAGS = {"--json": "as_json", "--require-confinement": "required"}


def plain_grading(args):
    """The options of `grade CHALLENGE [--submission P] [--json] [--html P] [--check C ...] [--require-confinement]`,
    as click would give them, or None when `args` are anything else (help, another command, an error to report):
    click takes those."""
    if not args or args[0].startswith("-") or args[0] in COMMANDS:
        return None
    options = {"challenge": args[0], "submission": None, "as_json": False, "html_path": None, "only": (),
               "required": False}
    rest = iter(args[1:])
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in VALUE_OPTIONS:
            value = value if equals else next(rest, None)
            key = VALUE_OPTIONS[name]
            if not value or value.startswith("-") or not _plain_path(value, name) or (
                    key != "only" and options[key] is not None):
                return None
            options[key] = options[key] + (value,) if key == "only" else Path(value)
        elif arg in FLAGS:
            options[FLAGS[arg]] = True
        else:
            return None
    return options


def plain_listing(args):
    """The options of `grade list [--json]`, as click would give them, or None when `args` are anything else."""
    if args in (["list"], ["list", "--json"]):
        return {"as_json": len(args) == 2}
    return None


def _plain_path(value, option):
    """Whether click's Path type takes `value` as it is: an existing path must be readable, and --html's no folder."""
    if option == "--check" or not os.path.exists(value):
        return True
    return os.access(value, os.R_OK) and not (option == "--html" and os.path.isdir(value))


def console_script():
    """The console script: the command, then an exit that skips tearing down NumPy.

    Freeing every module at interpreter shutdown costs about 50 ms and does nothing
    for a command that has already closed its worker and written its output.
    Ctrl-C ends the command with a one-line note and status 130, as a shell expects.
    On Windows it only says where it runs, and exits 2.
    """
    if sys.platform == "win32":
        print(NOT_ON_WINDOWS, file=sys.stderr)
        sys.exit(2)
    if sys.warnoptions:
        _python_default_warning_filters()
    _reserve_standard_streams()
    for variable, value in ONE_BLAS_THREAD.items():
        os.environ.setdefault(variable, value)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:   # not where the shell ignores it (`&`)
        signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        code = _invoke()
    except SystemExit as exit:
        code = exit.code
    except KeyboardInterrupt:
        code = _interrupted()
    except BrokenPipeError:
        code = _reader_gone()
    except Exception:
        if not _pressed:
            raise
        # Ctrl-C during an import that turns it into another exception (NumPy's C extension makes it an
        # ImportError that blames the installation): the learner pressed Ctrl-C, nothing is broken.
        code = _interrupted()
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # the reader went away (`grade 5 | head`); nothing more to tell it
    os._exit(code)


def _python_default_warning_filters():
    """Python's own warning filters in place of those PYTHONWARNINGS or -W set (error::RuntimeWarning, say): the
    learner's workers are forked from this process, and the grade of their code must not depend on which of them
    inherited this shell's filters, where a worker bubblewrap starts (python -I) has Python's own. The filters
    are the warnings module's "Default Warning Filter" list, most specific first."""
    import warnings

    warnings.resetwarnings()
    for category in (ResourceWarning, ImportWarning, PendingDeprecationWarning, DeprecationWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")


def _reserve_standard_streams():
    """Open /dev/null on each of descriptors 0-2 the shell closed (`2>&-`): else the first pipe this process makes
    takes that number, and a worker started with it as its stderr writes into that pipe. Python leaves sys.stdout or
    sys.stderr None for such a descriptor: each becomes a stream on it, so that no writer needs to ask."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)


def _invoke():
    """The command as click runs it, except that Ctrl-C is not click's "Aborted!" with status 1."""
    options = plain_grading(sys.argv[1:])
    if options is None:
        listing = plain_listing(sys.argv[1:])
        return _run(_click_command if listing is None else lambda: _list(**listing))
    # The terminal report's writer is forked first, and loads Jinja2 while this process loads NumPy.
    writer = _fork_writer(options)
    # The workers' zygote is forked now, and makes its sandbox while this process reads the course.
    started = _start_worker(options)
    try:
        return _run(lambda: _grade(options, started, writer))
    finally:
        if writer is not None:
            writer.close()
        if started is not None:
            # Last: the zygote has been ending since grading closed the worker, while the report was written.
            started[2].close()


def _grade(options, started, writer):
    from grader.cli.grade_one import grade_plain

    grade_plain(**options, started=started, writer=writer)


def _list(as_json):
    from grader.cli.listing import list_challenges

    list_challenges(as_json)


def _click_command():
    from grader.cli.main import main

    main.main(standalone_mode=False)


def _run(command):
    """The exit status of `command`, a function that runs one, as click would give it."""
    from grader.course import CourseError

    try:
        command()
        return 0
    except CourseError as exc:   # a spec file that cannot be imported, found where no command expected it
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        code = _click_status(exc)
        if code is None:
            raise
        return code


def _click_status(exc):
    """The exit status of click's own exception `exc`, said as click says it; None for any other exception.
    Click is imported here, not before: the plain `grade CHALLENGE` runs without it unless it fails."""
    import click

    if isinstance(exc, click.exceptions.Abort):
        if isinstance(exc.__context__, KeyboardInterrupt):
            return _interrupted()
        click.echo("Aborted!", err=True)
        return 1
    if isinstance(exc, click.ClickException):
        exc.show()
        return exc.exit_code
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    return None


def _fork_writer(options):
    """The forked writer of the terminal report (grader.cli.report_writer), or None: the JSON report needs no
    template, and the HTML report needs Jinja2 in this process anyway."""
    if options["as_json"] or options["html_path"] is not None:
        return None
    from grader.cli.report_writer import fork_report_writer

    return fork_report_writer()


def _start_worker(options):
    """(course root, the challenge, its sandbox to come: a grader.sandbox.forked.LateSandbox), or None where the
    command has something to refuse first (--require-confinement on an unconfined machine) or to explain (no such challenge)."""
    if options["required"]:
        return None   # grades that count: every worker a fresh interpreter in bubblewrap
    # The judge needs NumPy anyway. The workers' zygote is forked with it loaded, before the judge reads
    # anything of the course, and makes its sandbox while the judge goes on (grader.sandbox.forked_zygote).
    from grader.cli.grade_one import ForkedOnce

    forked = ForkedOnce()
    from grader.course import CourseError, find_challenge, find_root

    try:
        root = find_root()
        chosen = find_challenge(root, options["challenge"])
    except CourseError:
        forked.close()
        return None
    return root, chosen, forked.take(chosen)


def _reader_gone():
    """The reader of stdout or stderr went away (`grade 5 | head`): end quietly, as Python's documentation
    advises (https://docs.python.org/3/library/signal.html#note-on-sigpipe), status 1 like `head`'s writer."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    # Python flushes stdout again on the way out; pointing it at devnull keeps that flush from failing too.
    os.dup2(devnull, sys.stdout.fileno())
    os.dup2(devnull, sys.stderr.fileno())
    return 1


def _on_ctrl_c(signum, frame):
    """Python's own handler, remembering the Ctrl-C."""
    _pressed.append(signum)
    raise KeyboardInterrupt


def _interrupted():
    # A second Ctrl-C while the note is written must not print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("\nStopped: you pressed Ctrl-C.", file=sys.stderr)
    return INTERRUPTED
