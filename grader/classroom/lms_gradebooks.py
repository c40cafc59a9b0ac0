"""Gradebooks an LMS imports: `grade report ... --gradebook canvas` and `--gradebook moodle`.

grades.csv is for spreadsheets; its text columns (entry, notes) would become assignments
in Canvas. These files hold only what each platform's import reads:

- Canvas (Canvas Instructor Guide, "How do I import grades in the Gradebook?"; summarised at
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
  Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment, a new
  column making a new assignment; the "Points Possible" row of Canvas's own export gives
  its points. Canvas matches a row by ID (the Canvas user id, which Canvas's download puts
  in each file's name) or its SIS ids, and failing those by the student's name. A name is
  what a learner chooses and two learners may share one, so a row goes into this file only
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

Neither file holds an entry the class list does not name (the platform knows nobody else),
nor a member of staff. Every row left out is kept in `left_out` with the reason, for the
command's summary; grades.csv holds every row.

A learner with nothing gradable gets empty cells, not a 0 that would read as a grade.
"""
import json
import re
import tempfile

from grader.views.safe_text import SpreadsheetWriter

PLATFORMS = ("canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Full name", "Email address", "ID number"]
MOODLE_KEYS = {"Email address": 1, "ID number": 2}     # the columns Moodle's import may match a row on
MOODLE_KEY_WORDS = {"Email address": "e-mail address", "ID number": "ID number"}

# Why a row is left out of a platform's file.
NOT_LISTED = "not on the class list"
STAFF = "of staff on the class list, not learners"
NO_CANVAS_ID = "no Canvas ID, SIS User ID or SIS Login ID"
POINTS_ROW = "a name holding the words Points Possible, which Canvas's import takes for its points row"
# What Canvas's import matches against a row's first cell to take it for the points row (/Points Possible/), and more.
CANVAS_POINTS_ROW = re.compile(r"points\s*possible", re.IGNORECASE)


class Writers:
    """One CSV writer per platform asked for, in the report folder `out`.

    After the block, `exported[platform]` says what went into that file: {"rows": how many learners, "key": the
    column an import matches rows on ("" where the platform matches on any of its own), "left_out": [(learner,
    why), ...]}.
    """

    def __init__(self, out, platforms, challenges, maxima, class_list=None):
        self.out, self.platforms = out, [platform for platform in PLATFORMS if platform in platforms]
        self.challenges = challenges
        self.maxima = maxima
        self.moodle_maximum = class_list.grade_maximum if class_list is not None else None
        self.moodle_total = len(challenges) > 1
        self.files, self.tables = [], {}
        self.moodle_rows = None      # spooled: the column Moodle is matched on is known once every row is
        self.moodle_counts = dict.fromkeys(MOODLE_KEYS, 0)   # how many rows spooled have each column
        self.exported = {platform: {"rows": 0, "key": "", "left_out": []} for platform in self.platforms}
        if "moodle" in self.exported:
            # What the Moodle file's grades are out of: the worksheet's maximum, or each column's points.
            self.exported["moodle"]["out_of"] = self.moodle_maximum or {
                self.column(challenge): maxima[challenge.name] for challenge in challenges} | (
                {"Total": sum(maxima[challenge.name] for challenge in challenges)} if self.moodle_total else {})

    def __enter__(self):
        for platform in self.platforms:
            file = open(self.out / f"gradebook-{platform}.csv", "w", newline="", encoding="utf-8")
            self.files.append(file)
            self.tables[platform] = SpreadsheetWriter(file)
        titles = [self.column(challenge) for challenge in self.challenges]
        if "canvas" in self.tables:
            self.tables["canvas"].writerow(CANVAS_COLUMNS + titles)
            self.tables["canvas"].writerow(["Points Possible", "", "", "", ""]
                                           + [f"{self.maxima[challenge.name]:g}" for challenge in self.challenges])
        if "moodle" in self.tables:
            self.tables["moodle"].writerow(MOODLE_COLUMNS + titles + ["Total"] * self.moodle_total)
            self.moodle_rows = tempfile.TemporaryFile("w+", encoding="utf-8")
            self.files.append(self.moodle_rows)
        return self

    def __exit__(self, exc_type, *exc_info):
        try:
            if exc_type is None and self.moodle_rows is not None:
                self._write_moodle()
        finally:
            for file in self.files:
                file.close()

    @staticmethod
    def column(challenge):
        return f"NNFS {challenge.number}: {challenge.title}"

    def add(self, name, identity, scores, total):
        """One learner's row; `scores` are the cells of their challenges, in column order ("" for none)."""
        sid = identity.get("sid", "") or _first(identity.get("sids"))
        email = identity.get("email", "") or _first(identity.get("emails"))
        unknown = NOT_LISTED if identity.get("listed") is False else STAFF if identity.get("staff") else ""
        if "canvas" in self.tables:
            row = [name, identity.get("lms_id", ""), sid, identity.get("login", ""), identity.get("section", "")]
            why = unknown or (POINTS_ROW if CANVAS_POINTS_ROW.search(name) else "" if any(row[1:4]) else NO_CANVAS_ID)
            if why:
                self.exported["canvas"]["left_out"].append((name, why))
            else:
                self.tables["canvas"].writerow(row + scores)
                self.exported["canvas"]["rows"] += 1
        if "moodle" in self.tables:
            if unknown:
                self.exported["moodle"]["left_out"].append((name, unknown))
            else:
                row = [name, email, sid] + self._moodle_grades(scores, total)
                for key, column in MOODLE_KEYS.items():
                    self.moodle_counts[key] += bool(row[column])
                self.moodle_rows.write(json.dumps(row) + "\n")

    def _moodle_grades(self, scores, total):
        """The Moodle row's grade cells: the challenges' scores, then the total where there is a Total column; each
        scaled to the worksheet's maximum grade where it gives one."""
        cells = list(scores)
        if self.moodle_total:
            cells.append("" if total is None else f"{total:g}")
        if not self.moodle_maximum:
            return cells
        out_of = [self.maxima[challenge.name] for challenge in self.challenges] + [sum(self.maxima.values())]
        return [cell and _rounded(float(cell) / points * self.moodle_maximum) for cell, points in zip(cells, out_of)]

    def _write_moodle(self):
        """Key the Moodle file on the identifier most rows have (e-mail where as many have it), leaving out the
        rows without it."""
        rows = self.moodle_rows
        counts = self.moodle_counts
        key = max(MOODLE_KEYS, key=lambda key: counts[key])     # max keeps the first of equals: the e-mail
        exported = self.exported["moodle"]
        exported["key"] = key
        other = next(other for other in MOODLE_KEYS if other != key)
        rows.seek(0)
        for line in rows:
            row = json.loads(line)
            if row[MOODLE_KEYS[key]]:
                self.tables["moodle"].writerow(row)
                exported["rows"] += 1
            else:
                exported["left_out"].append((row[0], f"no {MOODLE_KEY_WORDS[key]}, the column this file is matched on"
                                                     + (f", though it has an {MOODLE_KEY_WORDS[other]}"
                                                        if row[MOODLE_KEYS[other]] else "")))


def _rounded(value):
    """A grade with the 2 decimals Moodle shows, and no trailing zeros: 100, 72.73."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _first(values):
    return values[0] if values else ""
