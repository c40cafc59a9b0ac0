"""Gradebooks an LMS imports: `grade report ... --gradebook canvas` and `--gradebook moodle`.

grades.csv is for spreadsheets; its text columns (entry, notes) would become assignments
in Canvas. These files hold only what each platform's import reads:

- Canvas (Canvas Instructor Guide, "How do I import grades in the Gradebook?"; summarised at
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
  Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment, a new
  column making a new assignment; the "Points Possible" row of Canvas's own export gives
  its points. Canvas finds an assignment by the id that ends its column's title, "Challenge 3: activations (4521)"
  (gradebook_importer.rb, parse_assignments: Assignment.title_and_id), and makes a new one of any other title.
  So where the class list is Canvas's gradebook export and one of its assignments names a challenge graded
  (canvas_assignments), its grades go into that column's exact title, scaled to the points the export gives it
  (11 points of 11 are 10 of a 10-point assignment), with those points in the points row, which the import would
  otherwise set the assignment's points to; a challenge no assignment names gets a column "NNFS 3: Activation
  functions" of its own points, which Canvas makes a new assignment of. A challenge nobody in the file has a grade
  of gets no column: it would make an assignment empty for everyone. Canvas matches a row by ID (the Canvas user
  id, which Canvas's download puts in each file's name) or its SIS ids, and failing those by the student's name.
  A name is what a learner chooses and two learners may share one, so a row goes into this file only
  with an ID, SIS User ID or SIS Login ID. Canvas's import takes any row whose first cell holds
  the words Points Possible for its points row, whatever else the cell holds
  (instructure/canvas-lms app/models/gradebook_importer.rb, check_for_non_student_row:
  `if row[0] =~ /Points Possible/`), so a learner named "Zed Points Possible" would set the
  assignments' points rather than get a grade: no row whose Student cell holds those words
  goes into this file (they are looked for in any case and spacing).
- Moodle (https://docs.moodle.org/en/Grade_import): a CSV whose rows are matched by one
  identifier column the teacher maps on import, such as "Email address" (to useremail) or
  "ID number" (to useridnumber); each grade column is mapped to a grade item. A row whose
  mapped cell is empty, or names nobody Moodle knows, aborts the whole import ("User not
  found, abort whole import": moodle/moodle grade/import/csv/classes/load_data.php,
  prepare_import_grade_data). So the file is keyed on the one of the two columns most of its
  rows have, and a row without it is left out. Moodle takes a value as a grade on the item's own scale (an
  assignment's "Maximum grade", 100 unless set), so 11 points of 11 would read 11/100: where the class list is the
  assignment's grading worksheet, whose "Maximum Grade" column gives that maximum, every grade is scaled to it and
  rounded to the 2 decimals Moodle shows; else the summary says what the points are out of. Every column is
  "Ignore" on Moodle's mapping page until it is mapped (grade/import/grade_import_form.php), and Moodle computes the
  course total itself, offering no total to import into: a Total is written only where several challenges are
  graded, for an assignment that holds them all, and with one challenge it would merely repeat that column.
  Given the grading worksheet, the assignment's own upload takes the grades and feedback back with Moodle's own
  checks: grading-worksheet-moodle.csv is that worksheet filled in (grader/classroom/moodle_worksheet.py).

Neither file holds an entry the class list does not name (the platform knows nobody else),
nor a member of staff. Every row left out is kept in `left_out` with the reason, for the
command's summary; grades.csv holds every row.

Both imports take a blank cell for "no grade" and clear a grade the platform holds there (Canvas:
gradebook_importer.rb, no_change_to_value?, where a blank differs from any score; Moodle: load_data.php), so no
row holds a blank grade. A learner with nothing graded is left out; one graded in some of several challenges is
written, for each challenge they have a grade in, to that challenge's own file (gradebook-canvas-challenge-3.csv),
so that the grades the platform holds for their other challenges stay as they are.
"""
import json
import re
import tempfile

from grader.classroom import moodle_worksheet
from grader.classroom.identity import CANVAS_ASSIGNMENT, CANVAS_IDS
from grader.views.safe_text import SpreadsheetWriter, on_one_line, some_of, spreadsheet_cell, without_marks

PLATFORMS = ("canvas", "moodle")
# The file of one challenge's grades of the learners graded in only some of the challenges, by its number.
PARTIAL_FILE = "gradebook-{platform}-challenge-{number}.csv"
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Full name", "Email address", "ID number"]
MOODLE_KEYS = {"Email address": 1, "ID number": 2}     # the columns Moodle's import may match a row on
MOODLE_KEY_WORDS = {"Email address": "e-mail address", "ID number": "ID number"}

# Why a row is left out of a platform's file.
NOT_LISTED = "not on the class list"
AMBIGUOUS = "matching the class list only ambiguously"
STAFF = "of staff on the class list, not learners"
NO_CANVAS_ID = "no Canvas ID, SIS User ID or SIS Login ID"
# Written so that no spreadsheet runs it as a formula, an id matches nobody: a row whose every id is so is unmatched.
CANVAS_ID_AS_FORMULA = ("ids (ID, SIS User ID, SIS Login ID) that each start as a spreadsheet formula does (=, +, - "
                        "or @) or hold a hidden character, which the file cannot hold as they are, so Canvas could not "
                        "match the row: enter this grade by hand")
POINTS_ROW = "a name holding the words Points Possible, which Canvas's import takes for its points row"
MOODLE_LOCKED = ("of a grade the grading worksheet says cannot be changed (locked or overridden in Moodle's "
                 "gradebook), at which Moodle's import stops as well")
# Why a grade is left out of the files though the learner has a row: a stub's 0 beside work that was not read.
UNREAD = ("graded on the stub as shipped, beside files of other names not graded that may hold the work (a 0 "
          "imported for work unread is worse than none)")
# What Canvas's import matches against a row's first cell to take it for the points row (/Points Possible/), and more.
CANVAS_POINTS_ROW = re.compile(r"points\s*possible", re.IGNORECASE)


class Writers:
    """One CSV writer per platform asked for, in the report folder `out`.

    After the block, `exported[platform]` says what went into that file: {"rows": how many learners, "key": the
    column an import matches rows on ("" where the platform matches on any of its own), "left_out": [(learner,
    why), ...]}, and "unread": [learner, ...] where a grade was left out as UNREAD; Canvas's also says where each
    challenge's grades went: "existing": [(assignment's title, its points or None, the challenge's points)], "new":
    [(title, points)], "ambiguous": {challenge's column: [the assignments that name it equally well]}, and "empty":
    how many challenges got no column, nobody having a grade.
    Moodle's says, where the class list is a grading worksheet or a worksheet was removed, what became of it:
    "worksheet": WorksheetFiller.write's account with the "maximum", "decimal_comma" and whether it has a
    "feedback" column, or {"why": it could not be filled in}, and "removed": True where an earlier run's was deleted.
    Each says, in "partial", the learners graded in only some challenges: [(the file of one challenge's grades
    (PARTIAL_FILE), [their names])], one file per challenge one of them has a grade in; "rows" counts only the
    learners of the main file, which is not written ("written": False) where it would have no row and no
    learner is in a file of one challenge; "earlier": True where the folder held one before the run.
    """

    def __init__(self, out, platforms, challenges, maxima, class_list=None):
        self.out, self.platforms = out, [platform for platform in PLATFORMS if platform in platforms]
        self.challenges = challenges
        self.maxima = maxima
        self.moodle_maximum = class_list.grade_maximum if class_list is not None else None
        self.canvas_targets, ambiguous = canvas_assignments(
            challenges, class_list.assignments if class_list is not None else [])
        # {title: {(kind of id, id): (name, grade)}} of the class list's assignments that hold grades, by each id a
        # Canvas import matches a row on; and {challenge's name: [(learner, grade held, grade given)]} of the grades
        # this file gives that differ from one held.
        self.canvas_held, self.canvas_replaced = {}, {}
        for title, cells in (class_list.held if class_list is not None else {}).items():
            found = self.canvas_held[title] = {}
            for name, grade, ids in cells:
                for key in zip(CANVAS_IDS, ids):
                    if key[1]:
                        found.setdefault(key, (name, grade))
        self.canvas_rows = None      # spooled: a column is written only where some row has a grade in it
        self.canvas_graded = set()   # the positions of the challenges some row of the Canvas file has a grade of
        self.moodle_graded = set()   # and of the Moodle file
        self.files, self.tables = [], {}
        self.moodle_rows = None      # spooled: the column Moodle is matched on is known once every row is
        self.moodle_counts = dict.fromkeys(MOODLE_KEYS, 0)   # how many rows spooled have each column
        # "ungraded": the rows left out with nothing graded, whose blank cells an import would take for no grade
        # and clear what the LMS holds (Canvas's GradebookImporter, Moodle's grade/import/csv load_data).
        self.exported = {platform: {"rows": 0, "key": "", "left_out": [], "ungraded": [], "partial": []}
                         for platform in self.platforms}
        if "canvas" in self.exported:
            self.exported["canvas"].update(existing=[], new=[], empty=0, ambiguous={
                self.column(challenge): ambiguous[challenge.name] for challenge in challenges
                if challenge.name in ambiguous})
        self.worksheet = None        # a moodle_worksheet.WorksheetFiller, where the class list's worksheet is filled in
        if "moodle" in self.exported:
            given = class_list.worksheet if class_list is not None else None
            why = _no_worksheet(given, len(challenges), self.moodle_maximum)
            if given is not None and not why:
                self.worksheet = moodle_worksheet.WorksheetFiller(given)
            elif given is not None:
                self.exported["moodle"]["worksheet"] = {"why": why}

    def __enter__(self):
        for platform in self.platforms:
            path = self._path(platform)
            if path.is_file():
                self.exported[platform]["earlier"] = True
            file = open(path, "w", newline="", encoding="utf-8")
            self.files.append(file)
            self.tables[platform] = SpreadsheetWriter(file)
        if "canvas" in self.tables:
            self.canvas_rows = tempfile.TemporaryFile("w+", encoding="utf-8")
            self.files.append(self.canvas_rows)
        if "moodle" in self.tables:
            self.moodle_rows = tempfile.TemporaryFile("w+", encoding="utf-8")
            self.files.append(self.moodle_rows)
        return self

    def __exit__(self, exc_type, *exc_info):
        try:
            if exc_type is None and self.canvas_rows is not None:
                self._write_canvas()
            if exc_type is None and self.moodle_rows is not None:
                self._write_moodle()
                self._write_worksheet()
        finally:
            for file in self.files:
                file.close()
        if exc_type is None:
            for platform in self.platforms:
                exported = self.exported[platform]
                if not exported["rows"] and not exported["partial"]:
                    # A header alone imports nothing, and one beside the report may be taken for its grades; an
                    # earlier run's file of that name would give grades this run does not.
                    self._path(platform).unlink(missing_ok=True)
                    exported["written"] = False

    def _path(self, platform):
        return self.out / f"gradebook-{platform}.csv"

    @staticmethod
    def column(challenge):
        return f"NNFS {challenge.number}: {challenge.title}"

    def add(self, name, identity, scores, total, entry="", feedback=(), unread=()):
        """One learner's row; `scores` are the cells of their challenges, in column order ("" for none), and
        `feedback` a sentence on each; `entry` is theirs in the roster ("" for none). `unread`: for each cell, whether
        it is the grade of a stub as shipped beside files of other names not graded, which is left out (UNREAD)."""
        held = [bool(cell) and bool(flag) for cell, flag in zip(scores, unread)]
        scores = ["" if hold else cell for cell, hold in zip(scores, held)] if any(held) else scores
        if any(held) and not any(scores):
            # Left out as such, apart from the rows with nothing graded: the summary says what to do of them.
            for platform in self.tables:
                self.exported[platform].setdefault("unread", []).append(name)
            if self.worksheet is not None:
                self.worksheet.hold(identity, UNREAD)
            return
        sid = identity.get("sid", "") or _first(identity.get("sids"))
        email = identity.get("email", "") or _first(identity.get("emails"))
        unknown = (AMBIGUOUS if identity.get("ambiguous") else NOT_LISTED) if identity.get("listed") is False \
            else STAFF if identity.get("staff") else ""
        ungraded = not any(scores)
        if "canvas" in self.tables:
            row = [on_one_line(name), identity.get("lms_id", ""), sid, identity.get("login", ""),
                   identity.get("section", "")]
            # A row with nothing graded is left out as such, whatever ids it has, as Moodle's is.
            why = unknown or ("" if ungraded else POINTS_ROW if CANVAS_POINTS_ROW.search(name)
                              else NO_CANVAS_ID if not any(row[1:4]) else "" if _matchable(row[1:4])
                              else CANVAS_ID_AS_FORMULA)
            if why:
                self.exported["canvas"]["left_out"].append((name, why))
            elif ungraded:
                self.exported["canvas"]["ungraded"].append(name)
            else:
                self.canvas_rows.write(json.dumps(row + list(scores)) + "\n")
                self.canvas_graded.update(position for position, cell in enumerate(scores) if cell)
                self._note_replaced(name, row[1:4], scores)
                if sid and not row[1] and not row[3] and identity.get("source") == "gradescope":
                    # Gradescope's student id, which Canvas knows only where it is the SIS User ID too.
                    self.exported["canvas"].setdefault("gradescope_sids", []).append(name)
        if "moodle" in self.tables:
            if not unknown and not ungraded and self.worksheet is not None and self.worksheet.locked(identity):
                unknown = MOODLE_LOCKED
            if unknown:
                self.exported["moodle"]["left_out"].append((name, unknown))
            elif ungraded:
                self.exported["moodle"]["ungraded"].append(name)
            else:
                row = [on_one_line(name), email, sid] + list(scores)
                for key, column in MOODLE_KEYS.items():
                    self.moodle_counts[key] += bool(row[column])
                self.moodle_rows.write(json.dumps(row) + "\n")
                self.moodle_graded.update(position for position, cell in enumerate(scores) if cell)
            if self.worksheet is not None:
                self.worksheet.add(identity, entry, self._moodle_grade(scores[0], self.maxima[self.challenges[0].name]),
                                   _first(feedback))

    def _note_replaced(self, name, ids, scores):
        """Note each grade of `scores` that goes into an assignment of the class list holding another grade for the
        same person, found as Canvas's import finds a row: by ID, else SIS User ID, else SIS Login ID (`ids`)."""
        for challenge, cell in zip(self.challenges, scores):
            if not cell or challenge.name not in self.canvas_targets:
                continue
            title, given = self.canvas_targets[challenge.name]
            held = self.canvas_held.get(title, {})
            found = next((held[key] for key in zip(CANVAS_IDS, ids) if key[1] and key in held), None)
            grade = _scaled(cell, given / self.maxima[challenge.name] if given else None)
            if found is not None and not _unchanged(found[1], grade):
                self.canvas_replaced.setdefault(challenge.name, []).append((name, found[1], grade))

    def replaced_grades(self):
        """{platform: warnings} of the grades its files give learners who hold another grade in the class list: for
        Canvas, one warning per challenge whose grades go into an assignment of its gradebook export (Canvas's import
        replaces each grade that differs, an excused EX or one entered by hand too; a title that names the challenge
        by its topic alone may be another assignment altogether, a quiz on the same topic); for Moodle, one where
        the grading worksheet given as class list holds them (its upload and the grade import replace them too)."""
        found = {}
        if "canvas" in self.tables:
            found["canvas"] = self._canvas_replaced()
        if "moodle" in self.tables and self.worksheet is not None:
            replaced = self.worksheet.replaced()
            shown = some_of([f"{name}: {held} becomes {given}" for name, held, given in replaced])
            many = len(replaced) > 1
            found["moodle"] = [
                f"{moodle_worksheet.FILE_NAME} and gradebook-moodle.csv give {len(replaced)} learner"
                f"{'s' * many} another grade than the one the grading worksheet given as class list holds "
                f"({shown}): uploading either replaces {'each' if many else 'it'}. Check that this is the assignment "
                f"meant, and leave out the learner{'s' * many} whose grade should stay (their rows, or their Grade "
                "set back in the worksheet)."] if replaced else []
        return {platform: warnings for platform, warnings in found.items() if warnings}

    def _canvas_replaced(self):
        """replaced_grades' warnings for the Canvas file."""
        warnings = []
        for challenge in self.challenges:
            replaced = self.canvas_replaced.get(challenge.name)
            if not replaced:
                continue
            title = self.canvas_targets[challenge.name][0]
            named = _words(CANVAS_ASSIGNMENT.fullmatch(title)[1])
            number = re.search(rf" (?:challenge|nnfs) ?0*{challenge.number} ", named)
            topic = "" if number else (f", which its title names by the topic alone (not by Challenge "
                                       f"{challenge.number} or NNFS {challenge.number})")
            shown = some_of([f"{name}: {held}{' (excused)' * (held.casefold() == 'ex')} becomes {given}"
                             for name, held, given in replaced])
            many = len(replaced) > 1
            warnings.append(f"gradebook-canvas.csv puts {challenge.name}'s grades into {title}{topic}, whose column "
                            f"in the class list holds another grade for {len(replaced)} of the learners it grades "
                            f"({shown}): importing the file replaces {'each' if many else 'it'}. Check that this is "
                            f"the assignment meant, and leave out of the file the learner{'s' * many} whose grade "
                            "should stay.")
        return warnings

    def _moodle_grade(self, cell, points):
        """A Moodle grade cell of `points` possible: the score, scaled to the worksheet's maximum grade where it
        gives one; "" for none."""
        return cell and (_rounded(float(cell) / points * self.moodle_maximum) if self.moodle_maximum else cell)

    def _write_worksheet(self):
        """Moodle's grading worksheet filled in, where the class list is one that can be; else none, and a worksheet
        an earlier run into the folder wrote is removed, as it would disagree with grades.csv."""
        path = self.out / moodle_worksheet.FILE_NAME
        if self.worksheet is not None:
            sheet = self.worksheet.worksheet
            self.exported["moodle"]["worksheet"] = dict(self.worksheet.write(path), maximum=self.moodle_maximum,
                                                        decimal_comma=sheet.decimal_comma,
                                                        feedback=sheet.feedback is not None)
        elif path.is_file():
            path.unlink()
            self.exported["moodle"].setdefault("worksheet", {})["removed"] = True

    def _write_canvas(self):
        """The Canvas file: a column for each challenge some row has a grade of, titled as the class list's assignment
        that names it (its grades scaled to that assignment's points) or as a new assignment of its own points; the
        learners graded in only some of those challenges go to each one's own file instead (_write_rows)."""
        exported = self.exported["canvas"]
        titles, possible, scales = [], [], []
        graded = [position for position in range(len(self.challenges)) if position in self.canvas_graded]
        for position in graded:
            challenge = self.challenges[position]
            points = self.maxima[challenge.name]
            if challenge.name in self.canvas_targets:
                title, given = self.canvas_targets[challenge.name]
                exported["existing"].append((title, given, points))
                # Unknown points are left out of the points row, which would set the assignment's points.
                possible.append(f"{given:g}" if given else "")
                scales.append(given / points if given else None)
            else:
                title = self.column(challenge)
                exported["new"].append((title, points))
                possible.append(f"{points:g}")
                scales.append(None)
            titles.append(title)
        exported["empty"] = len(self.challenges) - len(graded)
        table = self.tables["canvas"]
        table.writerow(CANVAS_COLUMNS + titles)
        points_row = ["Points Possible", "", "", "", ""]
        table.writerow(points_row + possible)

        def rows():
            self.canvas_rows.seek(0)
            for line in self.canvas_rows:
                row = json.loads(line)
                ids, cells = row[:len(CANVAS_COLUMNS)], row[len(CANVAS_COLUMNS):]
                grades = [_scaled(cells[position], scale) for position, scale in zip(graded, scales)]
                yield ids, grades, []

        self._write_rows("canvas", rows(), graded,
                         lambda column: [CANVAS_COLUMNS + [titles[column]], points_row + [possible[column]]])

    def _write_moodle(self):
        """Key the Moodle file on the identifier most rows have (e-mail where as many have it), leaving out the
        rows without it; a column for each challenge some row has a grade of, then the Total where several
        challenges are graded."""
        rows = self.moodle_rows
        counts = self.moodle_counts
        key = max(MOODLE_KEYS, key=lambda key: counts[key])     # max keeps the first of equals: the e-mail
        exported = self.exported["moodle"]
        exported["key"] = key
        other = next(other for other in MOODLE_KEYS if other != key)
        graded = sorted(self.moodle_graded)
        titles = [self.column(self.challenges[position]) for position in graded]
        points = [self.maxima[self.challenges[position].name] for position in graded]
        # A Total of the columns written, where there are several: one alone would repeat its column.
        with_total = len(graded) > 1
        # What the file's grades are out of: the worksheet's maximum, or each column's points.
        exported["out_of"] = self.moodle_maximum or dict(zip(titles + ["Total"] * with_total,
                                                             points + [sum(points)] * with_total))
        self.tables["moodle"].writerow(MOODLE_COLUMNS + titles + ["Total"] * with_total)

        def matched():
            rows.seek(0)
            for line in rows:
                row = json.loads(line)
                if not row[MOODLE_KEYS[key]]:
                    exported["left_out"].append((row[0], f"no {MOODLE_KEY_WORDS[key]}, the column this file is "
                                                         "matched on" + (f", though it has an {MOODLE_KEY_WORDS[other]}"
                                                                         if row[MOODLE_KEYS[other]] else "")))
                    continue
                if spreadsheet_cell(row[MOODLE_KEYS[key]]) != row[MOODLE_KEYS[key]]:
                    # Written so that no spreadsheet runs it as a formula, it would match nobody, and Moodle's import
                    # stops at a row it cannot match.
                    exported["left_out"].append((row[0], f"an {MOODLE_KEY_WORDS[key]} that starts as a spreadsheet "
                                                         "formula does (=, +, - or @) or holds a hidden character, "
                                                         "which the file cannot hold as it is: enter this grade by "
                                                         "hand"))
                    continue
                ids, cells = row[:len(MOODLE_COLUMNS)], row[len(MOODLE_COLUMNS):]
                grades = [self._moodle_grade(cells[position], share) for position, share in zip(graded, points)]
                # The Total only of a whole row: a partial one has a blank cell among them.
                whole = with_total and all(grades)
                yield ids, grades, [self._moodle_grade(f"{sum(float(cells[position]) for position in graded):g}",
                                                       sum(points))] if whole else []

        self._write_rows("moodle", matched(), graded, lambda column: [MOODLE_COLUMNS + [titles[column]]])

    def _write_rows(self, platform, rows, graded, headings):
        """Write each of `rows`, (ids, grade cells of the challenges at the positions `graded`, the cells that follow
        them in a whole row), whose every grade is given, whole, to the platform's file; each grade of the others into
        the file of its challenge alone (PARTIAL_FILE), under headings(its column), with the ids before it: a blank
        cell would clear what the platform holds. An earlier run's file of a challenge this run gives none to is
        deleted."""
        exported, partial = self.exported[platform], [[] for _ in graded]
        for ids, grades, after in rows:
            if all(grades):
                self.tables[platform].writerow(ids + grades + after)
                exported["rows"] += 1
                continue
            for column, grade in enumerate(grades):
                if grade:
                    partial[column].append(ids + [grade])
        for column, kept in enumerate(partial):
            if not kept:
                continue
            name = PARTIAL_FILE.format(platform=platform, number=self.challenges[graded[column]].number)
            with open(self.out / name, "w", newline="", encoding="utf-8") as file:
                table = SpreadsheetWriter(file)
                for row in [*headings(column), *kept]:
                    table.writerow(row)
            exported["partial"].append((name, [row[0] for row in kept]))
        self._remove_stale_partials(platform)

    def _remove_stale_partials(self, platform):
        """Delete the files of one challenge's grades that an earlier run into the folder wrote and this one did
        not: an import of one would set grades this run does not give."""
        written = {name for name, _ in self.exported[platform]["partial"]}
        for path in self.out.glob(PARTIAL_FILE.format(platform=platform, number="*")):
            if re.fullmatch(r"gradebook-[a-z]+-challenge-\d+\.csv", path.name) and path.name not in written:
                path.unlink()


def _no_worksheet(worksheet, challenges, maximum):
    """Why Moodle's grading worksheet `worksheet` (or None) cannot be filled in for `challenges` challenges graded,
    or "": it holds one grade, of one assignment, on the scale of its Maximum Grade."""
    if worksheet is None:
        return ""
    if worksheet.missing:
        return (f"the grading worksheet given as class list has no column headed {' or '.join(worksheet.missing)}, "
                "exactly so, which Moodle's upload requires")
    if challenges != 1:
        return (f"the grading worksheet given as class list holds one assignment's grades, and {challenges} "
                "challenges were graded; grade its challenge alone with --challenge")
    if not maximum:
        return ("the grading worksheet given as class list gives no Maximum Grade that is one positive number to "
                "scale the grades to (an assignment graded on a scale has a Scale column instead)")
    return ""


def canvas_assignments(challenges, assignments):
    """({challenge's name: (title, points)} of the assignments of Canvas's gradebook export that name a challenge,
    {challenge's name: [titles]} of those several assignments name equally well), `assignments` being the export's
    [(title, points or None)] (identity.ClassList.assignments).

    A title names a challenge by its number after Challenge or NNFS ("Challenge 3", "NNFS-3"; a number alone may be
    a week's or a quiz's) or by its topic or title as words ("activations", "Activation functions"); both name it
    better than either, and a longer name better than a shorter one within it ("regularized training" is challenge
    13's before challenge 7's "training"). An assignment that names several challenges equally well ("Challenge 1
    and Challenge 3") is none of theirs, and a challenge and an assignment are paired only where each names the other
    best, so that no assignment takes two challenges' grades, nor a challenge two assignments.
    """
    strengths = {}
    for challenge in challenges:
        names = {_words(challenge.name.split("_", 2)[-1].replace("_", " ")), _words(challenge.title)}
        number = re.compile(rf" (?:challenge|nnfs) ?0*{challenge.number} ")
        for title, points in assignments:
            text = _words(CANVAS_ASSIGNMENT.fullmatch(title)[1])
            strength = (bool(number.search(text)), max((len(name) for name in names if name in text), default=0))
            if any(strength):
                strengths[challenge.name, title] = strength
    by_title = _best({(title, challenge): strength for (challenge, title), strength in strengths.items()})
    shared = {title for title, named in by_title.items() if len(named) > 1}
    by_challenge = _best({pair: strength for pair, strength in strengths.items() if pair[1] not in shared})
    points = dict(assignments)
    paired, ambiguous = {}, {}
    for challenge, titles in by_challenge.items():
        if len(titles) > 1:
            ambiguous[challenge] = titles
        elif by_title[titles[0]] == [challenge]:
            paired[challenge] = (titles[0], points[titles[0]])
    return paired, ambiguous


def _best(strengths):
    """{a: [each b whose pair (a, b) is the strongest of a's]} of `strengths`, {(a, b): strength}."""
    best = {}
    for (first, second), strength in strengths.items():
        top, found = best.get(first, (None, []))
        if top is None or strength > top:
            best[first] = (strength, [second])
        elif strength == top:
            found.append(second)
    return {first: found for first, (_, found) in best.items()}


def _words(text):
    """`text` in lower case, without accents, each run of other than letters and digits one space, with a space at
    each end, so that a name is found in it only as whole words."""
    return " " + " ".join(re.findall(r"[^\W_]+", without_marks(text.casefold()))) + " "


def _scaled(cell, scale):
    """A Canvas grade cell: the score `cell` times `scale` (the assignment's points over the challenge's), rounded as
    _rounded; as it is where `scale` is None; "" for none."""
    return cell and (_rounded(float(cell) * scale) if scale else cell)


def _unchanged(held, given):
    """Whether Canvas's import leaves the grade `held` as it is when given `given` (gradebook_importer.rb,
    no_change_to_value?: the same text, or the same number to 2 decimals; an excused EX is changed by any number)."""
    if held == given:
        return True
    try:
        return held.casefold() != "ex" and f"{float(held):.2f}" == f"{float(given):.2f}"
    except ValueError:
        return False


def _rounded(value):
    """A grade with the 2 decimals Moodle shows, and no trailing zeros: 100, 72.73."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _matchable(ids):
    """Whether one of a Canvas row's `ids` is written as it is: spreadsheet_cell leaves it unchanged."""
    return any(cell and spreadsheet_cell(str(cell)) == str(cell) for cell in ids)


def _first(values):
    return values[0] if values else ""
