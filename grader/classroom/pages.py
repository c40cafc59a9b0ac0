"""The class report's files: index.html, one page per learner, grades.csv, checks.csv, results.json,
and the gradebooks an LMS imports (gradebook-canvas.csv, gradebook-moodle.csv).

Learners are written one at a time as the gradebook yields them; only counts (per
category, per check, per mistake, per score band) and the index's rows, spooled to a
temporary file, outlive a learner. A learner's page is written only when what it shows
changed since the last report, so a late submission costs one page and the summaries.
"""
import collections
import hashlib
import html
import io
import json
import os
import re
import tempfile
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from grader import __version__
from grader.classroom import gradebook, lms_gradebooks, moodle_worksheet, roster
from grader.classroom.identity import NO_ENTRY
from grader.views import safe_text
from grader.views.safe_text import SpreadsheetWriter, on_one_line, shown_name, some_of
from grader.course import checks_version, max_score
from grader.judge.messages import RUN_TIME_USED, full_stop, place_text, where_text
from grader.mistakes import MISCONCEPTIONS
from grader.results import (IMPORT_FAILED, IMPORT_FAILED_NOTEBOOK, IMPORT_TOO_SLOW, IMPORT_TOO_SLOW_NOTEBOOK,
                            GradeResult)
from grader.spec import CATEGORIES
from grader.views import render

NOT_PASSED = ("failed", "error", "timeout")
BANDS = 10
ROWS_MARKER = "<!-- learner rows -->"
# What a learner did with a challenge, as the class page tells them apart.
STATES = {"full": "full marks", "attempted": "attempted", "timeout": "timeout", "error": "error",
          "not-started": "not started", "empty": "empty", "missing": "no submission"}
# The states of a submission that says nothing of the class's mistakes: its checks are left out of the counts.
NOT_ATTEMPTED = ("not-started", "empty")
# The states the summary names learners of: a 0 or a lost check whose cause the instructor may want to see.
WORTH_A_LOOK = ("empty", "error", "timeout")
# The learner's entry, e-mail and id follow, as grades.csv gives them: two learners may share a name.
CHECK_COLUMNS = ["learner", "challenge", "check", "category", "status", "score", "mistake", "entry", "email", "sid",
                 "hidden"]
# The class page's word on a stub as shipped graded beside files of other names that may hold the work unread, and
# the name its filter and its counts give such a cell.
UNREAD_WORDS = "look: other file"
UNREAD = "unread"
# The two ways a file is not started, as grades.csv's notes and the learner's feedback say them.
STUB_AS_SHIPPED = "the stub as shipped"
STILL_TODO = "every check still meets a TODO"
# How the cause of an error names the challenge its file looks written for (_error_cause).
LOOKS_WRITTEN_FOR = "looks written for"
# The kind of error in the message of a check whose file could not be imported (grader.judge.messages._sentence).
IMPORT_ERROR = re.compile(r"Python cannot read your (?:file|notebook's code): (?P<unread>\w+)|"
                          r"Your code raised (?!An exception)(?P<kind>\w+)|Your code called (?P<exit>sys\.exit\(\))")


def state_of(item):
    """The state of one challenge of one learner (a key of STATES).

    Not started: the file is the stub as shipped, or every check still meets a TODO. Empty: the file holds
    no code at all, so every check raised for a name not defined. Error: nothing passed and every check that
    ran raised. Timeout: nothing passed and a check ran out of time. Otherwise attempted, or full marks when
    every check passed.
    """
    if "result" not in item:
        return "missing"
    if item.get("empty"):
        return "empty"
    checks = item["result"]["checks"]
    if item.get("untouched") or (checks and all(check.get("not_started") or check["status"] == "skipped"
                                                for check in checks)):
        return "not-started"
    ran = {check["status"] for check in checks} - {"skipped"}
    if ran == {"passed"}:
        return "full"
    if "passed" not in ran and ran == {"error"}:
        return "error"
    if "passed" not in ran and "timeout" in ran and "failed" not in ran:
        return "timeout"
    return "attempted"


def timed_out(item):
    """Whether a check of this challenge of this learner ran out of time: the worker was stopped, whatever else
    passed. The class page marks the cell, and its filter for timeouts finds it."""
    return "result" in item and any(check["status"] == "timeout" for check in item["result"]["checks"])


class ClassStats:
    """What the index shows of the whole class, counted one learner at a time.

    Untouched stubs are counted as not started and kept out of the failing checks and named
    mistakes: a buggy stub nobody edited says nothing about the class's mistakes; nor do the checks of a file
    that could not be imported, of one that holds no code, or of one that defines none of the names the checks
    look for. The one submission of a group is counted once,
    and each of its members' totals in the distribution of scores.
    """

    def __init__(self, challenges):
        self.categories = collections.defaultdict(lambda: [0, 0])          # category -> [passed, checks]
        self.checks = collections.Counter()                                 # (challenge, check id) -> not passed
        self.check_names = {}
        self.graded = collections.Counter()                                 # challenge -> submissions graded
        self.attempted = collections.Counter()                              # challenge -> started submissions
        self.judged = collections.Counter()       # challenge -> started submissions whose checks count (share)
        self.full_marks = collections.Counter()
        self.points = collections.Counter()
        self.states = collections.defaultdict(collections.Counter)         # challenge -> state -> learners
        self.mistakes = collections.Counter()
        self.mistake_checks = collections.defaultdict(collections.Counter)
        self.bands = [0] * BANDS
        self.learners = self.ungraded_learners = self.outside = 0
        self.groups = set()                                                 # the entries of groups counted
        self.titles = {challenge.name: challenge.title for challenge in challenges}

    @staticmethod
    def share(items, results, max_total=None, group=""):
        """What one learner adds to the counts, as plain data: kept with the learner's views, so that a learner
        who did not change is counted without being read again. `max_total`: the points of every challenge of the
        run, which the distribution of scores takes the learner's total as a share of (default: the points of the
        challenges graded), so that a challenge not handed in counts as the 0 it is in grades.csv. `group`: the
        entry a group handed in, which its every member shares, or ""."""
        # A submission that ran out of time in some check, though others passed, is counted among the timeouts too.
        states = [[item["challenge"], state_of(item)] for item in items]
        states += [[item["challenge"], "timeout"] for item in items if timed_out(item) and state_of(item) != "timeout"]
        # A stub graded beside files of other names is counted among the stubs and, for the page's filter, apart.
        states += [[item["challenge"], UNREAD] for item in items if item.get("unread")]
        share = {"states": states, "graded": bool(results), "group": group,
                 "challenges": [], "categories": {}, "checks": [], "mistakes": [], "band": 0}
        score = total = 0.0
        for item in items:
            result = results.get(item["challenge"])
            if result is None:
                continue
            started = state_of(item) not in NOT_ATTEMPTED
            # A file that could not be imported failed no check of its own, nor was any skipped for one: it says
            # nothing of which checks the class fails; nor does one whose every check was withdrawn (it imports the
            # course's own packages), nor one that defines none of the names the checks look for (another
            # challenge's file, most often).
            judged = (started and not any(check.at_import for check in result.checks) and result.withdrawn() is None
                      and not result.names_missing())
            share["challenges"].append([result.challenge, result.score, result.passed, started, judged])
            score, total = score + result.score, total + result.max_score
            if not judged:
                continue
            for check in result.checks:
                tally = share["categories"].setdefault(check.category, [0, 0])
                tally[0] += check.status == "passed"
                tally[1] += 1
                if check.status in NOT_PASSED:
                    share["checks"].append([result.challenge, check.id, check.name])
                if check.mistake:
                    share["mistakes"].append([check.mistake, check.name])
        total = max_total or total
        fraction = score / total if total else 0.0
        share["band"] = min(BANDS - 1, int(fraction * BANDS))
        return share

    def add(self, share, outside=False):
        """Count one learner, from what `share` made of them. `outside`: an entry the class list does not give as a
        learner's (not on it, matched only ambiguously, of staff: the Canvas Test Student, a stray clone), which is a
        row of the table but left out of the statistics of the class."""
        self.learners += 1
        if outside:
            self.outside += 1
            return
        if not share["graded"]:
            self.ungraded_learners += 1
        else:
            self.bands[share["band"]] += 1
        if share["group"]:
            # Another member of the group has counted its submission.
            if share["group"] in self.groups:
                return
            self.groups.add(share["group"])
        for challenge, state in share["states"]:
            self.states[challenge][state] += 1
        if not share["graded"]:
            return
        # A share kept by a version that did not say whether the checks counted (judged) counted them if started.
        for challenge, score, passed, started, *judged in share["challenges"]:
            self.graded[challenge] += 1
            self.points[challenge] += score
            self.full_marks[challenge] += passed
            self.attempted[challenge] += started
            self.judged[challenge] += judged[0] if judged else started
        for category, (passed, checks) in share["categories"].items():
            tally = self.categories[category]
            tally[0] += passed
            tally[1] += checks
        for challenge, check_id, name in share["checks"]:
            self.check_names[(challenge, check_id)] = name
            self.checks[(challenge, check_id)] += 1
        for mistake, name in share["mistakes"]:
            self.mistakes[mistake] += 1
            self.mistake_checks[mistake][name] += 1

    def view(self, limit=8):
        return {
            "categories": [{"name": name, "title": CATEGORIES.get(name, name), "passed": passed,
                            "checks": checks, "rate": passed / checks if checks else 0.0}
                           for name, (passed, checks) in sorted(self.categories.items())],
            "failing": [{"challenge": challenge, "title": self.titles.get(challenge, challenge), "id": check_id,
                         "name": self.check_names[(challenge, check_id)], "count": count,
                         "rate": count / self.judged[challenge]}
                        for (challenge, check_id), count in self.checks.most_common(limit)],
            "mistakes": [{"id": mistake, "description": MISCONCEPTIONS.get(mistake, mistake), "count": count,
                          "where": [name for name, _ in self.mistake_checks[mistake].most_common(1)]}
                         for mistake, count in self.mistakes.most_common(limit)],
            "bands": [{"label": f"{10 * band}–{10 * band + 10}%" if band < BANDS - 1 else "90–100%",
                       "count": count} for band, count in enumerate(self.bands)],
            "largest_band": max(self.bands) or 1,
            "per_challenge": {name: {"graded": self.graded[name], "full_marks": self.full_marks[name],
                                     "not_started": self.states[name]["not-started"],
                                     "empty": self.states[name]["empty"],
                                     "mean": self.points[name] / self.graded[name] if self.graded[name] else None}
                              for name in self.titles},
            "states": {state: sum(counts[state] for counts in self.states.values()) for state in [*STATES, UNREAD]},
        }


def write_all(out, challenges, learners, book, gradebooks=(), similarity=False, lookalikes=None, processes=1,
              exported=None, warnings=(), class_list=None, worth_a_look=None, namesakes=frozenset(), changed=None,
              class_figures=None):
    """Write every file of the class report into `out` from `learners`, as Gradebook.learners yields them.

    `warnings` are sentences the class page shows above everything else.

    `exported`, a dict, is told what went into each LMS gradebook (lms_gradebooks.Writers.exported), which
    `class_list` (identity.ClassList) fits to the LMS's own gradebook where it is that LMS's export.
    `worth_a_look`, a dict, is told the names of the learners of each state of WORTH_A_LOOK, for the summary;
    `changed`, a list, is told (name, total before, total now) of each learner whose total changed since the pages
    were last written; `class_figures`, a dict, the class page's figures: "per_challenge" (of each challenge:
    graded, full_marks, not_started, empty, mean) and "outside", the entries its statistics leave out.

    With `similarity`, the class page links to similarity.html; without it, to one an earlier run wrote, saying
    when. Returns how many learners' pages were written (the others were already up to date). `lookalikes` maps a
    learner's name to the other names that look like it (safe_text.lookalikes); `namesakes` holds the names several
    learners share, whose rows on the class page also show what tells them apart. `processes` > 1 renders learners'
    pages in that many forked processes (see Renderers); the files are the same.
    """
    lookalikes = lookalikes or {}
    maxima = {challenge.name: max_score(challenge) for challenge in challenges}
    max_total = sum(maxima.values())
    titles = {challenge.name: challenge.title for challenge in challenges}
    stats = ClassStats(challenges)
    pages = out / "learners"
    pages.mkdir(exist_ok=True)
    environment = render.environment(autoescape=True)
    row_template = environment.get_template("class_row.html.j2")
    known, digests, written = book.page_digests(), {}, 0
    on_disk = set(os.listdir(pages))
    # A changed check judges every learner again: their views are made again too, even where a result is the same.
    version = [_page_version(), [checks_version(challenge) for challenge in challenges], titles, maxima]
    with open(out / "grades.csv", "w", newline="", encoding="utf-8-sig") as grades, \
            open(out / "checks.csv", "w", newline="", encoding="utf-8-sig") as per_check, \
            open(out / "results.json", "w", encoding="utf-8") as everything, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as rows, \
            lms_gradebooks.Writers(out, gradebooks, challenges, maxima, class_list) as lms, \
            Renderers(processes) as renderers:
        SpreadsheetWriter(grades).writerow(["learner", "entry", "email", "sid", *maxima, "total", "max_total",
                                            "submitted_at_utc", "late", "notes"])
        SpreadsheetWriter(per_check).writerow(CHECK_COLUMNS)
        everything.write('{"generated": %s, "challenges": %s, "learners": [' % (
            json.dumps(datetime.now(timezone.utc).isoformat(timespec="seconds")),   # zoned: any reader places it
            json.dumps([{"name": challenge.name, "title": challenge.title, "max_score": maxima[challenge.name]}
                        for challenge in challenges])))
        def plans():
            """((page, digest, stale, name, entry, identity), views): views as stored, or what renders them
            (_learner_views's arguments)."""
            named = set()
            for name, entry, problem, identity, items in learners:
                key = hashlib.sha256(_page_key(name, entry, identity)).hexdigest()[:8]
                page = f"learners/{_slug(name)}-{key}.html"
                if page in named:
                    # Two entries of one person (an e-mail on two Gradescope submissions): each keeps a page.
                    key = hashlib.sha256(b"entry\0" + entry.encode()).hexdigest()[:8]
                    page = f"learners/{_slug(name)}-{key}.html"
                named.add(page)
                similar = lookalikes.get(name)
                told_apart = _told_apart(identity, entry) if name in namesakes else ""
                digest = _learner_digest([version, name, entry, problem, identity, max_total, similar, told_apart],
                                         items)
                stale = known.get(page) != digest or page.rpartition("/")[2] not in on_disk
                views = None if stale else book.learner_views(page, digest)
                yield (page, digest, stale, name, entry, identity), views or (
                    out / page if stale else None, page, (name, entry, problem, identity, items), titles, maxima,
                    max_total, similar, told_apart, row_template)

        arrived = []   # (name, identity, total) of the pages new to this report
        looked_at_groups = set()   # the entries of the group submissions "Worth a look" names already
        for number, ((page, digest, stale, name, entry, identity), views, made) in enumerate(renderers.views(plans())):
            digests[page] = digest
            if made and changed is not None and page in known:
                before = book.learner_views(page, known[page])
                if before is not None and before.get("total") != views["total"]:
                    changed.append((name, before.get("total"), views["total"]))
            elif made and changed is not None:
                arrived.append((name, identity, views["total"]))
            if made:
                book.set_learner_views(page, digest, views)
                written += stale
            stats.add(views["share"], outside=identity.get("listed") is False or bool(identity.get("staff")))
            # A group's one submission is one file to look at: named once, with its members.
            if worth_a_look is not None and views["share"]["group"] not in looked_at_groups:
                named = name
                if views["share"]["group"]:
                    looked_at_groups.add(views["share"]["group"])
                    named = " and ".join([name, *(shown_name(other) for other in identity.get("group") or ())])
                causes, told = views.get("causes") or {}, set()
                for challenge, state in views["share"]["states"]:
                    if state in WORTH_A_LOOK and state not in told:
                        told.add(state)
                        cause = causes.get(challenge)
                        worth_a_look.setdefault(state, []).append(f"{named}: {cause}" if cause else named)
            grades.write(views["grades"])
            per_check.write(views["checks"])
            lms.add(name, identity, views["scores"], views["total"], entry=entry, feedback=views["feedback"],
                    unread=views.get("unread", ()))
            everything.write(("," if number else "") + "\n" + views["json"])
            rows.write(views["row"])
        everything.write("\n]}\n")
        # Known only now: the grades the LMS files give that differ from those the class list holds.
        replaced = lms.replaced_grades()
        figures = stats.view()
        if class_figures is not None:
            class_figures.update(per_challenge=figures["per_challenge"], outside=stats.outside)
        index = environment.get_template("class_index.html.j2").render(
            challenges=challenges, maxima=maxima, stats=figures, learners=stats.learners, states=STATES,
            ungraded=stats.ungraded_learners, outside=stats.outside, rows_marker=ROWS_MARKER, similarity=similarity,
            warnings=[*warnings, *(said for told in replaced.values() for said in told)],
            generated=time.strftime("%Y-%m-%d %H:%M"),
            compared_before=None if similarity else _compared_before(out))
        head, tail = index.split(ROWS_MARKER)
        rows.seek(0)
        with open(out / "index.html", "w", encoding="utf-8") as page:
            page.write(head)
            for line in rows:
                page.write(line)
            page.write(tail)
    if changed is not None:
        changed += _changed_on_new_pages(arrived, [book.learner_views(page, known[page])
                                                   for page in set(known) - set(digests)])
    if exported is not None:
        exported.update(lms.exported)
        for platform, told in replaced.items():
            exported[platform]["replaced"] = told
    for stale in set(known) - set(digests):
        (out / stale).unlink(missing_ok=True)
    book.set_page_digests(digests)
    return written


def _changed_on_new_pages(arrived, gone):
    """(name, total before, total now) of each learner whose page is new to this report (a first submission, or an
    entry of another name) and whose total differs from that of the page of theirs it replaces, found by an e-mail,
    id or login of theirs, else by a name one page alone had: None before where they had none. `arrived`: (name,
    identity, total) of the new pages; `gone`: the stored views of the pages this report no longer has."""
    before = []
    for views in filter(None, gone):
        try:
            shown = json.loads(views["json"])
        except (KeyError, TypeError, ValueError):
            continue
        before.append((shown.get("learner"), gradebook.person_keys(shown.get("identity") or {}), shown.get("total")))
    names = collections.Counter(name for name, _, _ in before)
    changes = []
    for name, identity, total in arrived:
        keys = gradebook.person_keys(identity)
        earlier = next((then for _, known, then in before if keys & known), None) if keys else None
        if earlier is None and names[name] == 1:
            earlier = next(then for known_name, _, then in before if known_name == name)
        if earlier != total:
            changes.append((name, earlier, total))
    return changes


class Renderers:
    """Renders learners' views (_learner_views) in `processes` processes forked from this one, in order, a
    bounded number ahead, so that memory does not grow with the class: the class report's last step would
    otherwise keep one processor busy and leave the others idle. The first few are rendered here: a report
    with a page or two to write again starts no process."""

    AHEAD = 8           # learners handed out per process before the first of them is taken back
    HERE_FIRST = 16     # learners rendered here before any process is started

    def __init__(self, processes):
        self.processes = processes
        self.executor = None
        self.rendered = 0

    def __enter__(self):
        return self

    def views(self, plans):
        """(key, views, whether rendered now) for each (key, views or _learner_views's arguments) of `plans`."""
        pending = collections.deque()
        for key, work in plans:
            made = not isinstance(work, dict)
            if made:
                work = self._render(work)
            pending.append((key, work, made))
            if len(pending) > self.AHEAD * self.processes:
                yield self._taken(pending.popleft())
        while pending:
            yield self._taken(pending.popleft())

    def _render(self, arguments):
        """The views, or a future of them."""
        self.rendered += 1
        if self.processes < 2 or self.rendered <= self.HERE_FIRST:
            return _learner_views(*arguments)
        if self.executor is None:
            import concurrent.futures
            import multiprocessing

            # Forked: they start with the templates compiled; each returns the views and writes the page itself.
            self.executor = concurrent.futures.ProcessPoolExecutor(self.processes,
                                                                   mp_context=multiprocessing.get_context("fork"))
        return self.executor.submit(_views_in_renderer, *arguments[:-1])

    @staticmethod
    def _taken(plan):
        key, work, made = plan
        return key, work if isinstance(work, dict) else work.result(), made

    def __exit__(self, *exc_info):
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


def _views_in_renderer(*arguments):
    """_learner_views in a Renderers process, with this process's own copy of the row template."""
    return _learner_views(*arguments, render.environment(autoescape=True).get_template("class_row.html.j2"))


def _learner_digest(facts, items):
    """A digest of everything a learner's views show: `facts` and each item, its stored result as stored."""
    digest = hashlib.sha256(json.dumps([facts, [{key: value for key, value in item.items()
                                                 if key not in ("result", "result_text")} for item in items]],
                                       sort_keys=True, default=str).encode())
    for item in items:
        text = item.get("result_text")
        digest.update(b"\0" + (text.encode() if text is not None else
                                json.dumps(item.get("result"), sort_keys=True, default=str).encode()))
    return digest.hexdigest()


def _told_apart(identity, entry):
    """What tells a learner from another of the same name on the class page: their id, else e-mail, else entry."""
    return next(iter(_sids(identity) + _emails(identity)), entry)


def _learner_views(path, page, learner, titles, maxima, max_total, similar, told_apart, row_template):
    """What the class report shows of one learner: its row of each file, and its share of the counts.

    Writes the learner's own page to `path`, unless it is None (the page is up to date).
    """
    name, entry, problem, identity, items = learner
    emails, sids = _emails(identity), _sids(identity)
    for item in items:
        if "result_text" in item:
            item["result"] = dict(json.loads(item.pop("result_text")), submission=item["origin"])
    results = {item["challenge"]: GradeResult.from_dict(item["result"]) for item in items if "result" in item}
    for item in items:
        item["state"] = state_of(item)
        item["timed_out"] = timed_out(item)
    # Nothing gradable is an empty total, not a zero: a zero would read as a grade.
    total = round(sum(result.score for result in results.values()), 6) if results else None
    shown = shown_name(name)
    if path is not None:
        _write_learner_page(path, shown, items, results, titles, total, max_total,
                            [shown_name(other) for other in identity.get("group") or ()], identity.get("late") is True)
    notes = [f"{item['challenge']}: {item['problem']}" for item in items if "problem" in item]
    notes += [f"{item['challenge']}: {note}" for item in items for note in item.get("note", "").splitlines()]
    # A 0 says nothing of why: a stub nobody edited and a file that cannot be imported must read apart.
    notes += [f"{item['challenge']}: {why}" for item in items for why in [_why_no_points(item, results)] if why]
    # A check that ran out of time costs its points whatever else passed: the cell is marked, and the row says which.
    notes += [f"{item['challenge']}: {why}" for item in items for why in [_timeout_note(results.get(item["challenge"]))]
              if why]
    if problem:
        notes = [problem]
    similar_note = lookalike_note(similar or ())
    if similar_note:
        notes.append(similar_note)
    group = group_note(identity)
    if group:
        notes.append(group)
    listing_note = class_list_note(identity)
    if listing_note:
        notes.append(listing_note)
    if identity.get("unlisted"):
        notes.append(f"{identity['unlisted']} does not list {identity.get('submission', 'this folder')}, so nothing "
                     "names its submitters: the row is named after the folder; check the export")
    grades = [[shown, on_one_line(entry), " ".join(emails), " ".join(sids), *[_score_cell(item) for item in items],
               "" if total is None else f"{total:g}", f"{max_total:g}",
               _spreadsheet_time(identity.get("submitted_at", "")),
               _late(identity), " | ".join(notes)]]
    checks = [[shown, result.challenge, check.id, check.category, check.status, f"{check.score:g}",
               check.mistake or "", on_one_line(entry), " ".join(emails), " ".join(sids), "hidden" * check.hidden]
              for result in results.values() for check in result.checks]
    causes = {item["challenge"]: _error_cause(item, results.get(item["challenge"])) for item in items
              if state_of(item) == "error"}
    return {
        "share": ClassStats.share(items, results, max_total, entry if identity.get("group") else ""), "total": total,
        "causes": causes,
        "scores": [_score_cell(item) for item in items],
        # A stub's 0 beside files of the learner's left unread is no grade to import: the LMS files leave it out.
        "unread": [bool(item.get("unread")) for item in items],
        "feedback": [_feedback(item, results.get(item["challenge"]), maxima[item["challenge"]]) for item in items],
        "grades": _csv_text(grades), "checks": _csv_text(checks),
        # What the learner named or printed is in it: written as `grade --json` writes it, nothing hidden.
        "json": safe_text.json_escaped(json.dumps(
            {"learner": name, "shown_as": shown, "lookalikes": similar or [], "entry": entry,
             "problem": problem or None, "identity": identity, "total": total, "max_total": max_total,
             "challenges": items}, ensure_ascii=False, allow_nan=False, default=str)),
        "row": row_template.render(name=shown, page=page, items=items, maxima=maxima, problem=problem,
                                   told_apart=told_apart, causes=causes, cell_words=cell_words,
                                   similar=similar_note, group=group, total=total, max_total=max_total,
                                   states=STATES, weaker_matches=WEAKER_MATCHES,
                                   no_submission=(roster.NO_SUBMISSION, NO_ENTRY),
                                   identity=identity, unlisted=unlisted_label(identity),
                                   search=" ".join([shown, entry, *emails, *sids]).casefold()),
    }


def _csv_text(rows):
    """`rows` as SpreadsheetWriter writes them to a file opened with newline=""."""
    buffer = io.StringIO(newline="")
    SpreadsheetWriter(buffer).writerows(rows)
    return buffer.getvalue()


def _page_notes(item, result):
    """The lines of the row's note `item` holds, for the learner's page: without the sentence that the file holds no
    code where the result's own notes say so already (grades.csv has no other place for it)."""
    note = item.get("note", "")
    if item.get("empty") and any("there was no code to check" in said for said in result.notes):
        for size in ("0 bytes", "blank lines only"):
            note = note.replace(roster.no_code_note(item["origin"], size), "")
    return [line.strip() for line in note.splitlines() if line.strip()]


def _write_learner_page(path, name, items, results, titles, total, max_total, group=(), late=False):
    """`group`: the names of the others who handed in the one submission this learner's grade is of; `late`: whether
    the platform gives the submission as late."""
    entries = []
    for item in items:
        if "result" in item:
            entries.append({"challenge": item["challenge"], "result": results[item["challenge"]],
                            "submission_shown": item["origin"], "untouched": bool(item.get("untouched")),
                            "notes": _page_notes(item, results[item["challenge"]])})
        else:
            entries.append({"challenge": item["challenge"], "title": titles.get(item["challenge"], item["challenge"]),
                            "problem": item["problem"], "result": None})
    # Nothing gradable shows as nothing graded, as grades.csv leaves the total empty: never a 0 of the total.
    learner = {"name": name, "score": total, "max_score": max_total, "entries": entries,
               "index": "../index.html", "group": list(group), "late": late}
    shown = "nothing graded" if total is None else f"{total:g}/{max_total:g}"
    path.write_text(render.html_page(entries, f"{name}: {shown}", learner=learner), encoding="utf-8")


def _page_version():
    """Changes when the grader or the templates and code of a learner's views change, so every view is made again."""
    digest = hashlib.sha256(__version__.encode())
    templates = Path(render.__file__).with_name("templates")
    for path in (templates / "report.html.j2", templates / "class_row.html.j2", Path(render.__file__),
                 Path(__file__), Path(lms_gradebooks.__file__), Path(moodle_worksheet.__file__),
                 Path(safe_text.__file__), Path(roster.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _emails(identity):
    return list(dict.fromkeys(filter(None, [identity.get("email", ""), *identity.get("emails", [])])))


def _sids(identity):
    return list(dict.fromkeys(filter(None, [identity.get("sid", ""), *identity.get("sids", [])])))


def _spreadsheet_time(text):
    """An ISO 8601 time as a spreadsheet reads a date and time, "2025-03-01 17:12:33", in UTC (YAML's reading of a time
    without an offset); other text as it is."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _late(identity):
    late = identity.get("late")
    return "" if late is None else ("late" if late else "on time")


def _compared_before(out):
    """When an earlier run into `out` wrote similarity.html, which this run (without --similarity) leaves as it was
    ("2026-12-02 09:15"); else None."""
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(os.lstat(out / "similarity.html").st_mtime))
    except OSError:
        return None


def _why_no_points(item, results):
    """A sentence for the grades' notes where a challenge's result is a 0 that needs one, else ""."""
    result = results.get(item["challenge"])
    if result is None or result.score:
        return ""
    if item["state"] == "not-started":
        return f"not started ({STUB_AS_SHIPPED}, or {STILL_TODO})"
    imported = result.import_failure()
    if imported is not None:
        what = "the notebook's cells could not all run" if result.of_notebook else "the file could not be imported"
        return f"{what}: {_cut(_without_import_failed(imported.message))}"
    withdrawn = result.withdrawn()
    return f"no check could pass: {_cut(withdrawn)}" if withdrawn else ""


def _cut(text, most=320):
    """`text`, or, where longer than `most` characters, its first sentences that fit (else its first words), with
    an ellipsis: a note in a spreadsheet's cell, whose learner's page says the rest."""
    if len(text) <= most:
        return text
    head = text[:most]
    end = head.rfind(". ")
    return (head[:end + 1] if end > most // 3 else head[:head.rfind(" ")] if " " in head else head) + " …"


def _timeout_note(result):
    """A sentence for the grades' notes where a check of `result` (None: nothing graded) ran out of time, else ""."""
    timed = _ran_out_of_time(result)
    if not timed:
        return ""
    first = timed[0]
    text = (f'a check ran out of time: "{first.name}"' if len(timed) == 1 else
            f'{len(timed)} checks ran out of time, the first "{first.name}"')
    if first.message.startswith(RUN_TIME_USED):
        return text + ", not run: earlier checks used up the time one run allows"
    place = where_text(first.where)
    return text + (f" at {place}" if place else "")


def _ran_out_of_time(result):
    """The checks of `result` that ran out of time, first those whose own code was stopped: one not run for the time
    earlier checks used up did not hang. A file whose import ran out of time is left out: it could not be imported,
    which its note says."""
    if result is None:
        return []
    timed = [check for check in result.in_report_order() if check.status == "timeout" and not check.at_import]
    return sorted(timed, key=lambda check: check.message.startswith(RUN_TIME_USED))


def _feedback(item, result, points):
    """One or two plain sentences on a challenge graded, for the LMS's feedback to the learner; "" where nothing was
    graded. The first gives the points and the checks passed, or, where no check could judge the code, why not: the
    file holds no code, could not be imported, or is not started; then the mistakes named, or else the first check
    that failed. The second names a check that ran out of time, which costs its points though nothing says it was
    wrong."""
    if result is None:
        return ""
    nothing = _nothing_checked(item, result)
    said = nothing or f"{result.count('passed')} of {len(result.checks)} checks passed"
    named = list(dict.fromkeys(check.mistake for check in result.checks if check.mistake))
    wrong = [check for check in result.checks if check.status in ("failed", "error") and not check.at_import]
    if named:
        shipped = item.get("untouched") and item.get("state") == "not-started"
        # A stub of code to fix ships with these mistakes: they are what its sentence asks to fix.
        said += (": " if shipped and said.endswith("to fix") else "; mistakes found: ") + "; ".join(
            MISCONCEPTIONS.get(mistake, mistake) for mistake in named)
    elif wrong and not nothing:
        # No mistake the grader knows by name: which check to read about first.
        more = f" and {len(wrong) - 1} more" if len(wrong) > 1 else ""
        said += f'; the first to fix: "{wrong[0].name}"{more}'
    text = full_stop(f"{result.score:g} of {points:g} points: {said}")
    timed = _ran_out_of_time(result)
    if timed:
        first, more = timed[0], f" and {len(timed) - 1} more" if len(timed) > 1 else ""
        if first.message.startswith(RUN_TIME_USED):
            text += f' The check "{first.name}"{more} ran out of the time one run allows: your code may be too slow.'
        else:
            at = f" at {place_text(first.where)}" if place_text(first.where) else ""
            text += f' The check "{first.name}"{more} ran out of time{at}: it may loop forever.'
    # Moodle keeps an imported comment as HTML: a < or & in a mistake's words must show as itself.
    return html.escape(text, quote=False)


def _nothing_checked(item, result):
    """Why no check of `result` could judge the learner's code, for their feedback: their file holds no code, could
    not be imported, or is not started; else ""."""
    name = PurePosixPath(item.get("origin", "")).name or "your file"
    if item.get("empty"):
        return f"no check could run, as {roster.no_code_note(name)}"
    imported = result.import_failure()
    if imported is not None:
        return _import_failure(imported, result.of_notebook)
    withdrawn = result.withdrawn()
    if withdrawn:
        return "no check could pass. " + _first_sentence(withdrawn)
    if item.get("state") == "not-started" and not item.get("untouched"):
        return f"not started, as {STILL_TODO}: fill in the TODOs"
    if item.get("state") == "not-started":
        # A stub of code to fix (challenge 2's) has no TODO: its checks fail on the mistakes it ships with.
        todo = any(check.not_started for check in result.checks)
        return f"not started, as {name} is {STUB_AS_SHIPPED}" + (
            ": fill in its TODOs" if todo else ", whose mistakes the challenge asks you to fix")
    missing = result.names_missing()
    if missing:
        looks = roster.LOOKS_WRITTEN_FOR.search(item.get("note", ""))
        return (f"no check could judge {name}, which defines none of the names the checks look for "
                f"({some_of(missing, 3)})" + (f": it looks written for {looks[1]}; was it handed in for the "
                                              "wrong assignment?" if looks else ""))
    return ""


def _import_failure(check, of_notebook=False):
    """What stopped the import of the learner's file (`of_notebook`: the run of a notebook's cells), from the message
    of a check it stopped (grader.judge.messages.describe_failure), said in a few words with its line."""
    place = place_text(check.where)
    at = f" at {place}" if place else ""
    failed = ("your notebook's cells could not all run, so no check could run" if of_notebook
              else "your file could not be imported, so no check could run")
    if check.status == "timeout":
        return (f"{failed}. {'Running them' if of_notebook else 'Importing it'} ran out of time{at}: it may loop "
                "forever")
    message = _without_import_failed(check.message)
    if message == check.message:
        # Not the file's error: the grader could not load it, or refused what it imports; its message says which.
        return "no check could run. " + _first_sentence(check.message)
    found = IMPORT_ERROR.match(message)
    if found and found["unread"]:
        cause = f"Python could not read it: {found['unread']}{at}"
    elif found:
        done = f"called {found['exit']}" if found["exit"] else f"raised {found['kind']}"
        cause = f"{'running them' if of_notebook else 'importing it'} {done}{at}"
    else:
        cause = _first_sentence(message)
    return f"{failed}. {cause[:1].upper()}{cause[1:]}"


def _error_cause(item, result):
    """Why every check of `result` reached raised, in a few words, for the summary's files worth a look: what stopped
    the import, or the challenge the file looks written for; "" where no one cause tells it."""
    if result is None:
        return ""
    imported = result.import_failure()
    if imported is not None:
        found = IMPORT_ERROR.match(_without_import_failed(imported.message))
        place = place_text(imported.where)
        return f"{found['unread'] or found['kind'] or found['exit']}{f' at {place}' if place else ''}" if found else ""
    looks = roster.LOOKS_WRITTEN_FOR.search(item.get("note", ""))
    return f"{LOOKS_WRITTEN_FOR} {looks[1]}" if looks and result.names_missing() else ""


def cell_words(item, causes):
    """The word under a learner's score in the class page's cell of one challenge: the state, save for an error
    whose file looks written for another challenge, which the matrix tells apart from a crash, and a stub as shipped
    graded beside files of other names, which may hold the work unread: it needs a look, as no other stub does."""
    state = state_of(item)
    if item.get("unread"):
        return UNREAD_WORDS
    if state == "error" and causes.get(item["challenge"], "").startswith(LOOKS_WRITTEN_FOR):
        return "other challenge"
    return STATES[state]


def _without_import_failed(message):
    """A check's message without the words that start it where the file (or a notebook's cells) could not be
    imported."""
    for prefix in (IMPORT_FAILED, IMPORT_FAILED_NOTEBOOK, IMPORT_TOO_SLOW, IMPORT_TOO_SLOW_NOTEBOOK):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _first_sentence(text):
    """`text` up to the end of its first sentence."""
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


def _score_cell(item):
    return f"{item['result']['score']:g}" if "result" in item else ""


# The class page's short word on an entry the class list names by a weaker match (class_list_note says it whole).
WEAKER_MATCHES = {"name": "matched to the class list by name alone",
                  "suffix": "matched to the class list by the end of its folder name alone"}


def unlisted_label(identity):
    """The class page's short word on an entry the class list gives no row (class_list_note says it whole); ""
    for one it gives a row."""
    if identity.get("listed") is not False:
        return ""
    return "matches the class list only ambiguously" if identity.get("ambiguous") else "not on the class list"


def class_list_note(identity):
    """A sentence for the instructor on how the class list named this learner, when it needs checking; else ""."""
    if identity.get("listed") is False:
        return unlisted_label(identity) + (f" ({identity['note']})" if identity.get("note") else "")
    if identity.get("staff"):
        return (f"on the class list as {identity.get('role', '')}, not as a learner: left out of the LMS "
                "gradebooks")
    if identity.get("matched_by") == "name":
        return (f"matched to the class list by name alone (the entry's name is {identity.get('entry_name', '')}): "
                "no e-mail or id confirmed it, so check that this entry is this learner's before importing the grade")
    if identity.get("matched_by") == "suffix":
        return (f"matched to the class list by the end of its folder's name alone ({identity.get('entry_name', '')} "
                f"ends in {identity.get('github', '')}, this learner's GitHub username, but is not named "
                "<assignment>-<username> as the other clones are): it may be the repository of another GitHub user "
                "whose name ends so, so check that this entry is this learner's before importing the grade")
    return ""


def group_note(identity):
    """A sentence for the instructor where this learner handed in one submission with others, graded once for all;
    else ""."""
    if not identity.get("group"):
        return ""
    return (f"a group submission with {', '.join(shown_name(other) for other in identity['group'])}: each member "
            "has a row of their own with its grade")


def _page_key(name, entry, identity):
    """What a learner's page is named after besides their name: what their platform knows them by for good (a
    Canvas user id, a Moodle participant id, a Gradescope submitter's e-mails and ids), so that a page keeps its name,
    and the links to it that were shared, when they hand in again under another file or submission name; else their
    entry, and for one member of a group submission (whose entry the others share) their own e-mail and id too."""
    if not entry:
        return name.encode()
    if identity.get("group"):
        return "\0".join([entry, name, *_emails(identity), *_sids(identity)]).encode()
    source = identity.get("source")
    lasting = (identity.get("lms_id") if source == "canvas" else identity.get("participant") if source == "moodle"
               else "\0".join([*_emails(identity), *_sids(identity)]) if source == "gradescope" else "")
    return f"{source}\0{lasting}".encode() if lasting else entry.encode()


def lookalike_note(others):
    """A sentence for the instructor: this learner's name looks like these others'."""
    if not others:
        return ""
    return (f"The name looks like {', '.join(shown_name(other) for other in others)}: make sure these are "
            "different learners before trusting either grade.")


# Latin letters that NFKD does not decompose into a base letter and a mark.
TRANSLITERATED = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"})


def _slug(name):
    """The start of a learner's page's file name: their name's letters and digits, a Latin letter without its marks
    (Zoë Müller: Zoe-Muller), a letter of another script as it is; anything else a hyphen."""
    text = unicodedata.normalize("NFC", safe_text.without_marks(name).translate(TRANSLITERATED))
    return re.sub(r"[^\w.-]+", "-", text).strip("-._")[:60] or "learner"
