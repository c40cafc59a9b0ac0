"""Gradebooks an LMS imports: `grade report ... --gradebook canvas` and `--gradebook moodle`.

grades.csv is for spreadsheets; its text columns (entry, notes) would become assignments
in Canvas. These files hold only what each platform's import reads:

- Canvas (Canvas Instructor Guide, "How do I import grades in the Gradebook?"; summarised at
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
  Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment, a new
  column making a new assignment; the "Points Possible" row of Canvas's own export gives
  its points. Canvas matches a row by ID (the Canvas user id, which Canvas's download puts
  in each file's name) or its SIS ids.
- Moodle (https://docs.moodle.org/en/Grade_import): a CSV whose rows are matched by an
  identifier column the teacher maps on import, such as "Email address" (to useremail) or
  "ID number" (to useridnumber); each grade column is mapped to a grade item.

A learner with nothing gradable gets empty cells, not a 0 that would read as a grade.
"""
from grader.views.safe_text import SpreadsheetWriter

PLATFORMS = ("canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Full name", "Email address", "ID number"]


class Writers:
    """One CSV writer per platform asked for, in the report folder `out`."""

    def __init__(self, out, platforms, challenges, maxima):
        self.out, self.platforms = out, [platform for platform in PLATFORMS if platform in platforms]
        self.challenges = challenges
        self.maxima = maxima
        self.files, self.tables = [], {}

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
            self.tables["moodle"].writerow(MOODLE_COLUMNS + titles + ["Total"])
        return self

    def __exit__(self, *exc_info):
        for file in self.files:
            file.close()

    @staticmethod
    def column(challenge):
        return f"NNFS {challenge.number}: {challenge.title}"

    def add(self, name, identity, scores, total):
        """One learner's row; `scores` are the cells of their challenges, in column order ("" for none)."""
        sid = identity.get("sid", "") or _first(identity.get("sids"))
        email = identity.get("email", "") or _first(identity.get("emails"))
        if "canvas" in self.tables:
            self.tables["canvas"].writerow([name, identity.get("lms_id", ""), sid, identity.get("login", ""),
                                            identity.get("section", "")] + scores)
        if "moodle" in self.tables:
            self.tables["moodle"].writerow([name, email, sid] + scores
                                           + ["" if total is None else f"{total:g}"])


def _first(values):
    return values[0] if values else ""
