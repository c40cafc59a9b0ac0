"""The class report's files: index.html, one page per learner, grades.csv and results.json.

Learners are written one at a time as the gradebook yields them; only
counts (per category, per check, per mistake, per score band) and the index's
rows, spooled to a temporary file, outlive a learner.
"""
import collections
import csv
import json
import re
import tempfile
import time

from grader.views import render
from grader.mistakes import MISCONCEPTIONS
from grader.course import max_score
from grader.results import GradeResult
from grader.spec import CATEGORIES

NOT_PASSED = ("failed", "error", "timeout")
BANDS = 10
ROWS_MARKER = "<!-- learner rows -->"
# A cell a spreadsheet would run as a formula; the learner chose the name.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ClassStats:
    """What the index shows of the whole class, counted one learner at a time."""

    def __init__(self, challenges):
        self.categories = collections.defaultdict(lambda: [0, 0])          # category -> [passed, checks]
        self.checks = collections.Counter()                                 # (challenge, check id) -> not passed
        self.check_names = {}
        self.graded = collections.Counter()                                 # challenge -> submissions graded
        self.full_marks = collections.Counter()
        self.points = collections.Counter()
        self.mistakes = collections.Counter()
        self.mistake_checks = collections.defaultdict(collections.Counter)
        self.bands = [0] * BANDS
        self.learners = self.ungraded_learners = 0
        self.titles = {challenge.name: challenge.title for challenge in challenges}

    def add(self, results):
        self.learners += 1
        if not results:
            self.ungraded_learners += 1
            return
        score = total = 0.0
        for result in results:
            self.graded[result.challenge] += 1
            self.points[result.challenge] += result.score
            self.full_marks[result.challenge] += result.passed
            score, total = score + result.score, total + result.max_score
            for check in result.checks:
                tally = self.categories[check.category]
                tally[0] += check.status == "passed"
                tally[1] += 1
                key = (result.challenge, check.id)
                self.check_names[key] = check.name
                if check.status in NOT_PASSED:
                    self.checks[key] += 1
                if check.mistake:
                    self.mistakes[check.mistake] += 1
                    self.mistake_checks[check.mistake][check.name] += 1
        fraction = score / total if total else 0.0
        self.bands[min(BANDS - 1, int(fraction * BANDS))] += 1

    def view(self, limit=8):
        return {
            "categories": [{"name": name, "title": CATEGORIES.get(name, name), "passed": passed,
                            "checks": checks, "rate": passed / checks if checks else 0.0}
                           for name, (passed, checks) in sorted(self.categories.items())],
            "failing": [{"challenge": challenge, "title": self.titles.get(challenge, challenge), "id": check_id,
                         "name": self.check_names[(challenge, check_id)], "count": count,
                         "rate": count / self.graded[challenge]}
                        for (challenge, check_id), count in self.checks.most_common(limit)],
            "mistakes": [{"id": mistake, "description": MISCONCEPTIONS.get(mistake, mistake), "count": count,
                          "where": [name for name, _ in self.mistake_checks[mistake].most_common(1)]}
                         for mistake, count in self.mistakes.most_common(limit)],
            "bands": [{"label": f"{10 * band}–{10 * band + 10}%" if band < BANDS - 1 else "90–100%",
                       "count": count} for band, count in enumerate(self.bands)],
            "largest_band": max(self.bands) or 1,
            "per_challenge": {name: {"graded": self.graded[name], "full_marks": self.full_marks[name],
                                     "mean": self.points[name] / self.graded[name] if self.graded[name] else None}
                              for name in self.titles},
        }


def write_all(out, challenges, learners, similarity=False):
    """Write every file of the class report into `out` from `learners`, as Gradebook.learners yields them.

    With `similarity`, the class page links to similarity.html.
    """
    maxima = {challenge.name: max_score(challenge) for challenge in challenges}
    max_total = sum(maxima.values())
    titles = {challenge.name: challenge.title for challenge in challenges}
    stats = ClassStats(challenges)
    pages = out / "learners"
    pages.mkdir(exist_ok=True)
    environment = render.environment(autoescape=True)
    row_template = environment.get_template("class_row.html.j2")
    with open(out / "grades.csv", "w", newline="", encoding="utf-8-sig") as grades, \
            open(out / "results.json", "w", encoding="utf-8") as everything, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as rows:
        table = csv.writer(grades)
        table.writerow(["learner", "entry", *maxima, "total", "max_total", "notes"])
        everything.write('{"generated": %s, "challenges": %s, "learners": [' % (
            json.dumps(time.strftime("%Y-%m-%dT%H:%M:%S")),
            json.dumps([{"name": challenge.name, "title": challenge.title, "max_score": maxima[challenge.name]}
                        for challenge in challenges])))
        for number, (name, entry, problem, items) in enumerate(learners):
            results = {item["challenge"]: GradeResult.from_dict(item["result"]) for item in items if "result" in item}
            stats.add(list(results.values()))
            total = round(sum(result.score for result in results.values()), 6)
            page = f"learners/{number + 1:04d}-{_slug(name)}.html"
            _write_learner_page(out / page, name, items, results, titles, total, max_total)
            notes = [f"{item['challenge']}: {item['problem']}" for item in items if "problem" in item]
            if problem:
                notes = [problem]
            table.writerow([spreadsheet_cell(name), spreadsheet_cell(entry),
                            *[_score_cell(item) for item in items], f"{total:g}", f"{max_total:g}",
                            spreadsheet_cell(" | ".join(notes))])
            everything.write(("," if number else "") + "\n" + json.dumps({
                "learner": name, "entry": entry, "problem": problem or None, "total": total,
                "max_total": max_total, "challenges": items}, ensure_ascii=False, allow_nan=False))
            rows.write(row_template.render(name=name, page=page, items=items, maxima=maxima, problem=problem,
                                           total=total, max_total=max_total))
        everything.write("\n]}\n")
        index = environment.get_template("class_index.html.j2").render(
            challenges=challenges, maxima=maxima, stats=stats.view(), learners=stats.learners,
            ungraded=stats.ungraded_learners, rows_marker=ROWS_MARKER, similarity=similarity, generated=time.strftime("%Y-%m-%d %H:%M"))
        head, tail = index.split(ROWS_MARKER)
        rows.seek(0)
        with open(out / "index.html", "w", encoding="utf-8") as page:
            page.write(head)
            for line in rows:
                page.write(line)
            page.write(tail)


def _write_learner_page(path, name, items, results, titles, total, max_total):
    entries = []
    for item in items:
        if "result" in item:
            entries.append({"challenge": item["challenge"], "result": results[item["challenge"]],
                            "submission_shown": item["origin"]})
        else:
            entries.append({"challenge": item["challenge"], "title": titles.get(item["challenge"], item["challenge"]),
                            "problem": item["problem"], "result": None})
    learner = {"name": name, "score": total, "max_score": max_total, "entries": entries, "index": "../index.html"}
    path.write_text(render.html_page(entries, f"{name}: {total:g}/{max_total:g}", learner=learner),
                    encoding="utf-8")


def _score_cell(item):
    return f"{item['result']['score']:g}" if "result" in item else ""


def spreadsheet_cell(text):
    """`text` for a CSV cell, with a leading quote where a spreadsheet would run it as a formula."""
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _slug(name):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:60] or "learner"
