"""Moodle's grading worksheet, given back filled in: `grading-worksheet-moodle.csv`, for the assignment's own
"Upload grading worksheet" (the offline grading worksheet feedback plugin).

The worksheet is the assignment's grading table as a CSV (mod/assign/gradingtable.php, downloading): Identifier
"Participant 1234567", Full name, Email address, Status, Grade, Maximum Grade (col_grademax: format_float with the
grade item's decimals, in the teacher's language: 100.00 or 100,00), ..., Last modified (grade) (col_timemarked:
userdate, or "-"), and a column for each feedback plugin's text, such as Feedback comments. Its upload
(moodle/moodle mod/assign/feedback/offline/importgradeslib.php and locallib.php):

- init() finds the columns by their exact headings, get_string('gradenoun'), get_string('recordid', 'assign') and
  get_string('lastmodifiedgrade', 'assign'): Grade, Identifier and Last modified (grade) in English; a file
  without all three is refused whole. A column headed as a feedback plugin's editor field (assignfeedback_comments,
  get_editor_fields: "Feedback comments") is imported as that feedback.
- next() strips strlen(get_string('hiddenuser', 'assign')), "Participant ", from the Identifier and finds the
  user by what remains (get_user_id_for_uniqueid); every column is read by its position in the heading.
- process_import_grades() reads the Grade with unformat_float, which takes the teacher's language's decimal
  separator and, not strict, casts anything else with (float): "72,73" reads 72 where the separator is a point. So
  a grade is written with the separator the worksheet's own numbers have. A row is skipped whose Grade is empty,
  negative, above the assignment's maximum or equal to the current grade, whose grade is locked, or, unless
  "ignore modified" is ticked, whose grade was changed in Moodle more than 60 s after its Last modified (grade)
  (strtotime of the cell): that cell is left as downloaded, so that a grade changed in Moodle since is kept. Its
  feedback is imported where that check passes, and stored as HTML (set_editor_text: FORMAT_HTML), so the
  sentence written holds no markup.
- The upload reads UTF-8 separated by commas unless the teacher picks otherwise, and drops a byte-order mark
  (csv_import_reader::load_csv_content), so the file is UTF-8 with commas whatever the class list was saved as.

Every cell the upload reads and the grader does not fill is written as it was read: the dates and "-" it reads back
must reach it unchanged. The others, which the upload ignores, are made safe for a spreadsheet: a learner chooses
their own name in Moodle, and writes the online text. A learner with nothing graded keeps the Grade downloaded,
never a 0 that would read as a grade.
"""
import csv
import re

from grader.views.safe_text import spreadsheet_cell

FILE_NAME = "grading-worksheet-moodle.csv"
IDENTIFIER, GRADE, MODIFIED, FEEDBACK = "Identifier", "Grade", "Last modified (grade)", "Feedback comments"
MAXIMUM, FULL_NAME = "Maximum Grade", "Full name"
# Moodle's word on a grade it will not change (a grade locked or overridden in the gradebook): the upload skips it.
CAN_BE_CHANGED = "Grade can be changed"
REQUIRED = (IDENTIFIER, GRADE, MODIFIED)     # the columns without which the upload refuses the file
# An Identifier, "Participant 1234567": the participant id the upload finds its user by, as the download's names hold.
PARTICIPANT = re.compile(r"participant\s+(\d+)", re.IGNORECASE)
# A number written with a decimal comma, as Moodle writes 100,00 in a language whose separator is one.
DECIMAL_COMMA = re.compile(r"\d+,\d+")

# Why a row keeps the Grade it was downloaded with.
NO_SUBMISSION = "with no submission"
NOTHING_GRADABLE = "with nothing that could be graded"
CONTESTED = "that several entries match equally well"
NO_PARTICIPANT = "whose Identifier names no participant"
NOT_IN_RUN = "matching no learner of this run"


class GradingWorksheet:
    """A grading worksheet as read: its rows, the positions of the columns the upload reads, the decimal separator
    its numbers are written with, and `missing`, the columns the upload requires that it lacks."""

    def __init__(self, rows):
        self.rows = [row for row in rows if row]
        # Headings in any case, as the Identifier is found (read_worksheet) and the Maximum Grade read
        # (identity.grade_maximum): "Maximum grade" is the same column.
        heading = [cell.strip().casefold() for cell in self.rows[0]]
        read = (*REQUIRED, FEEDBACK, FULL_NAME, MAXIMUM, CAN_BE_CHANGED)
        found = {column: heading.index(column.casefold()) for column in read if column.casefold() in heading}
        self.width = len(heading)
        self.missing = [column for column in REQUIRED if column not in found]
        self.grade = found.get(GRADE)
        self.identifier = found.get(IDENTIFIER, 0)
        self.feedback = found.get(FEEDBACK)
        self.name = found.get(FULL_NAME, self.identifier)
        self.can_be_changed = found.get(CAN_BE_CHANGED)
        # The cells the upload reads back as data go as downloaded; the others (a name or an online text the learner
        # wrote) only to the teacher's spreadsheet, which must not run them as formulas.
        self.read_back = {found[column] for column in (*REQUIRED, FEEDBACK) if column in found}
        numbers = [row[found[column]] for column in (GRADE, MAXIMUM) if column in found
                   for row in self.rows[1:] if found[column] < len(row)]
        self.decimal_comma = any(DECIMAL_COMMA.fullmatch(cell.strip()) for cell in numbers)

    def locked(self, row):
        """Whether Moodle says the row's grade cannot be changed, which its upload then skips."""
        return (self.can_be_changed is not None and self.can_be_changed < len(row)
                and row[self.can_be_changed].strip().casefold() == "no")

    def participant(self, row):
        """The participant id of a row, as the upload finds its user by, or ""."""
        found = PARTICIPANT.fullmatch(row[self.identifier].strip()) if self.identifier < len(row) else None
        return found[1] if found else ""

    def number(self, value):
        """A grade as the worksheet writes its numbers: 72.73, or 72,73."""
        return value.replace(".", ",") if self.decimal_comma else value


def _same_number(held, given):
    """Whether a Grade cell as Moodle wrote it (72,73 or 72.73) and a grade given (72.73) are one number to the 2
    decimals Moodle shows."""
    try:
        return f"{float(held.replace(',', '.')):.2f}" == f"{float(given):.2f}"
    except ValueError:
        return False


def read_worksheet(rows):
    """The GradingWorksheet of a class list's rows, or None where they are no grading worksheet: no column is
    headed Identifier, in any case, that names a participant."""
    heading = [cell.strip().casefold() for cell in rows[0]] if rows else []
    if IDENTIFIER.casefold() not in heading:
        return None
    column = heading.index(IDENTIFIER.casefold())
    if not any(column < len(row) and PARTICIPANT.fullmatch(row[column].strip()) for row in rows[1:]):
        return None
    return GradingWorksheet(rows)


class WorksheetFiller:
    """Collects each learner's grade and feedback by participant id, then writes the worksheet with them."""

    def __init__(self, worksheet):
        self.worksheet = worksheet
        self.filled = {}    # participant id -> (grade, feedback), or (None, why the row keeps its Grade)
        self._locked = None  # the participant ids of the rows whose grade cannot be changed, read once

    def locked(self, identity):
        """Whether the worksheet says the grade of the learner of `identity` cannot be changed (locked or overridden
        in Moodle's gradebook). Moodle's CSV grade import stops at such a grade, so the learner's row is left out of
        the gradebook file too (grade/import/csv/classes/load_data.php, prepare_import_grade_data)."""
        participant = identity.get("participant", "")
        if not participant:
            return False
        if self._locked is None:
            sheet = self.worksheet
            self._locked = {sheet.participant(row) for row in sheet.rows[1:] if sheet.locked(row)}
        return participant in self._locked

    def add(self, identity, entry, grade, feedback):
        """One learner of the run: `grade` is their score scaled to the Maximum Grade ("" for nothing graded),
        `entry` theirs in the roster ("" for none)."""
        participant = identity.get("participant", "")
        if not participant or identity.get("listed") is False:
            return
        if grade:
            self.filled[participant] = (grade, feedback)
        else:
            why = CONTESTED if identity.get("contested") else NOTHING_GRADABLE if entry else NO_SUBMISSION
            self.filled[participant] = (None, why)

    def hold(self, identity, why):
        """One learner of the run whose row keeps its Grade, for the reason `why` (a phrase that follows "a row")."""
        participant = identity.get("participant", "")
        if participant and identity.get("listed") is not False:
            self.filled[participant] = (None, why)

    def replaced(self):
        """[(name, the Grade held, the grade given)] of the rows whose Grade the filled worksheet changes: a row that
        held one (entered in Moodle before the download) and is given another. Moodle's upload skips a grade equal to
        the current one, and a locked row (process_import_grades), so neither is one."""
        sheet, found = self.worksheet, []
        for row in sheet.rows[1:]:
            grade = self.filled.get(sheet.participant(row), (None,))[0]
            held = row[sheet.grade].strip() if sheet.grade is not None and sheet.grade < len(row) else ""
            if grade is None or held in ("", "-") or sheet.locked(row) or _same_number(held, grade):
                continue
            found.append((row[sheet.name] or row[sheet.identifier], held, sheet.number(grade)))
        return found

    def write(self, path):
        """Write the filled worksheet to `path`; returns {"rows": how many were filled, "kept": [(name, why)] of
        those that keep the Grade downloaded, nothing being graded for them, "locked": the names of those that keep it
        as Moodle will not change it, "feedback_kept": how many filled rows keep the Feedback comments they were
        downloaded with}."""
        sheet = self.worksheet
        written = {"rows": 0, "kept": [], "locked": [], "feedback_kept": 0}
        with open(path, "w", newline="", encoding="utf-8") as file:
            table = csv.writer(file)
            table.writerow(sheet.rows[0])
            for downloaded in sheet.rows[1:]:
                downloaded = downloaded + [""] * (sheet.width - len(downloaded))
                row = [cell if column in sheet.read_back else spreadsheet_cell(cell)
                       for column, cell in enumerate(downloaded)]
                participant = sheet.participant(row)
                grade, said = self.filled.get(participant, (None, NOT_IN_RUN if participant else NO_PARTICIPANT))
                name = downloaded[sheet.name] or downloaded[sheet.identifier]
                if grade is None:
                    written["kept"].append((name, said))
                    table.writerow(row)
                    continue
                if sheet.locked(row):
                    # The upload skips it: a grade written there would only look as if it were given.
                    written["locked"].append(name)
                    table.writerow(row)
                    continue
                row[sheet.grade] = spreadsheet_cell(sheet.number(grade))
                if sheet.feedback is not None:
                    # Comments written in Moodle stay: the upload would replace them, and grades.csv says as much.
                    if row[sheet.feedback].strip():
                        written["feedback_kept"] += 1
                    else:
                        row[sheet.feedback] = spreadsheet_cell(said)
                written["rows"] += 1
                table.writerow(row)
        return written
