"""The entries of a roster: one per learner, from a plain folder or from a platform's download.

Each platform lays a class out its own way; what it says of a learner (name, e-mail,
ids, submission time, lateness) goes into the entry's identity:

- a folder of learners' folders or .zip files (a GitHub Classroom clone, a folder of zips);
- Gradescope's "Export Submissions" (a .zip, or its folder): submission_metadata.yml and one
  submission_<id>/ folder per submission; the metadata maps each folder to its submitters
  (:name, :sid, :email) and its time (:created_at). Gradescope Help Center, "Exporting
  submissions"; the keys as the public readers of that file use them. A submission's file is
  chosen as the exported autograder chooses it (grader.classroom.entries.chosen_upload). A group submission lists
  every member among its submitters ("Multiple users will be listed in the case of group
  submissions", https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/).
- Canvas's "Download Submissions" (its .zip, or its folder): loose files named
  <lastfirst>[_LATE]_<user id>_<attachment id>_<file>, a re-submitted file numbered main-1.py; an online text entry
  as <lastfirst>[_LATE]_<user id>_text.html (a URL as _link.html); with anonymous grading, anon_<anonymous id> in
  place of <lastfirst>_<user id>, after LATE_ where late.
  instructure/canvas-lms lib/content_zipper.rb (get_filename, add_upload_submission, add_text_or_url).
- Moodle's "Download all submissions" (its .zip, or its folder): one folder per learner and submission plugin,
  <Full Name>_<participant id>_assignsubmission_<plugin> (Moodle 4.x, mod/assign/classes/downloader.php:
  clean_filename($prefix . '_' . $subtype . '_' . $type)) or the same with a trailing _ (Moodle 3.x,
  mod/assign/locallib.php: $prefix . $subtype . '_' . $type . '_'), or loose files with that prefix then _<file>
  when not downloaded in folders. The file plugin's folder holds the learner's uploads (a .zip among them is read);
  the online text plugin's (onlinetext) holds onlinetext.html, which belongs to the same learner and holds no code.
"""
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from grader.classroom.entries import (EntryRefused, LooseFiles, Submitted, TooLarge, Uploads, ZipEntry,
                                      file_reader, not_handed_in, open_path)
from grader.classroom.identity import ENTRY_SUFFIXES, entry_stem, letters

GRADESCOPE_METADATA = "submission_metadata.yml"
MAX_METADATA_BYTES = 64 << 20
# Gradescope's metadata takes a few hundred bytes a submitter and a previous submission; a few megabytes of YAML
# take PyYAML a minute and a gigabyte of memory, so an export's file is bounded by its submission folders.
METADATA_BYTES_PER_SUBMISSION = 64 << 10
METADATA_TOO_LARGE = (f"Gradescope's own {GRADESCOPE_METADATA} takes a few hundred bytes a submission, and is read "
                      f"up to {METADATA_BYTES_PER_SUBMISSION >> 10} KiB for each submission folder of the export: "
                      "download the export from Gradescope again.")
# Canvas keeps the underscores of a name (a login such as guest_user) and takes out only _<digits>_: the name is
# all before the first _<digits>_.
CANVAS_FILE = re.compile(r"^(?P<name>.+?)(?P<late>_LATE)?_(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)$")
CANVAS_TEXT = re.compile(r"^(?P<name>.+?)(?P<late>_LATE)?_(?P<user>\d+)_(?:text|link)\.html$")
# Anonymous grading: the prefix is all Canvas's (no name a learner chose), its id letters and digits; one of digits
# alone is read as a user id, as CANVAS_FILE reads it.
CANVAS_ANONYMOUS = re.compile(r"^(?P<late>LATE_)?anon_(?P<user>(?![0-9]+_)[A-Za-z0-9]+)_"
                              r"(?:(?P<submission>\d+)_(?P<file>.+)|(?:text|link)\.html)$")
# The plugin's folder has no trailing _ since Moodle 4.0 and one before; a loose file has _<file> after the plugin.
MOODLE_ENTRY = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<file>.*))?$")
# Each id a platform's mark in a file's name may give, _<user id>_<submission id>_ (Canvas's, overlapping) or
# _<participant>_assignsubmission_ (Moodle's): the platform's own mark is one of them, and a learner's name before it
# or file name after it may hold more, even of the same id, where the name read is theirs (a mark in the name steers
# which id, late mark and upload the file is read by): a name that holds more than one is refused.
CANVAS_ID_READ = re.compile(r"(?=_(\d+)_\d+_)")
MOODLE_IDS_READ = re.compile(r"_(\d+)_assignsubmission_")
CANVAS_NAME_READ = re.compile(r"^(.+?)(?:_LATE)?_\d+_\d+_")


@dataclass
class Entry:
    """One learner's part of a roster, listed but not opened yet."""

    key: str                         # entries with the same key are the same learner
    name: str                        # the learner, as the source names them
    shown: str                       # the entry, as the instructor finds it: alice/, alice.zip
    open: object                     # () -> a reader (grader.classroom.entries), or raises EntryRefused
    identity: dict = field(default_factory=dict)   # email, sid, lms_id, submitted_at, upload, late, source
    refused: str = ""                # why the entry cannot be read at all, known from its name
    sources: tuple = ()              # the files and folders it is read from, to tell whether it changed
    no_code: tuple = ()              # its parts that hold nothing to grade by their kind: an online text entry
    left_out: tuple = ()             # why each of its files a download's archive holds was left out as unsafe


class RosterError(Exception):
    """The roster as a whole cannot be read."""


def list_entries(roster):
    """The roster's entries in name order, whatever its layout (see the module's docstring)."""
    roster = Path(roster)
    if roster.is_file():
        if roster.suffix.lower() != ".zip":
            raise RosterError(f"{roster} is a file but not a .zip archive: give a folder of learners' entries "
                              "or a platform's export (.zip).")
        return _zip_download(roster)
    if (roster / GRADESCOPE_METADATA).is_file():
        return _gradescope_folder(roster)
    wrapper = _export_wrapped(roster)
    if wrapper is not None:
        # The export's .zip unzipped as it is (assignment_NNN_export/ in the folder made for it): read as the .zip is.
        return _gradescope_folder(roster / wrapper, f"{wrapper}/")
    _refuse_a_download_alone(roster)
    entries, canvas, moodle = [], {}, {}
    read = []
    for name in sorted(name for name in os.listdir(roster) if not not_handed_in(name)):
        path = roster / name
        shown = _shown(name)
        anonymous = CANVAS_ANONYMOUS.match(shown)
        canvas_match = None if path.is_dir() else anonymous or CANVAS_FILE.match(shown) or CANVAS_TEXT.match(shown)
        read.append((name, path, shown, MOODLE_ENTRY.match(shown), anonymous, canvas_match))
    # A learner's file name may hold the other platform's ids (smithjohn_111_445_x_222_assignsubmission_file_main.py):
    # a name both read is the platform's that the rest of the folder is, as one of its archive's is.
    moodle_only = any(moodle_match and not canvas_match for _, _, _, moodle_match, _, canvas_match in read)
    canvas_only = any(canvas_match and not moodle_match for _, _, _, moodle_match, _, canvas_match in read)
    for name, path, shown, moodle_match, anonymous, canvas_match in read:
        if moodle_match and canvas_match:
            if moodle_only == canvas_only:
                entries.append(_ambiguous(name, shown, "Canvas", "_<user id>_<submission id>_ and Moodle's "
                                          "_<participant>_assignsubmission_", once=False))
                continue
            moodle_match, canvas_match = (moodle_match, None) if moodle_only else (None, canvas_match)
        # A learner chooses their name and their file's: either may hold the ids that make the file another's
        # (Canvas keeps the digits and underscores a name may hold).
        if moodle_match and _several_learners(MOODLE_IDS_READ, shown):
            entries.append(_ambiguous(name, shown, "Moodle", "_<participant>_assignsubmission_"))
        elif canvas_match and not anonymous and _several_learners(CANVAS_ID_READ, shown):
            entries.append(_ambiguous(name, shown, "Canvas", "_<user id>_<submission id>_"))
        elif moodle_match:
            moodle.setdefault(moodle_match["id"], []).append((path, shown, moodle_match))
        elif canvas_match:
            user = ("anon_" if anonymous else "") + canvas_match["user"]
            canvas.setdefault(user, []).append((path, shown, canvas_match))
        else:
            entries.append(_plain_entry(path, name, shown))
    # A plain entry that could hold work (a class list kept beside the entries is none).
    plain = any(not moodle_match and not canvas_match and (path.is_dir() or name.lower().endswith(ENTRY_SUFFIXES))
                for name, path, _, moodle_match, _, canvas_match in read)
    downloaded = [_canvas_entry(user, [(file_reader(path, shown), shown, match) for path, shown, match in files],
                                tuple(path for path, _, _ in files), unzipped=True)
                  for user, files in canvas.items()]
    downloaded += [_moodle_entry(participant, [(_disk_part(path, shown), shown, match) for path, shown, match in found],
                                 tuple(path for path, _, _ in found))
                   for participant, found in moodle.items()]
    if plain + bool(canvas) + bool(moodle) > 1:
        # A folder that is no one platform's download alone: a file a learner named may only look like the
        # platform's, its ids those of a classmate (grader.classroom.identity weighs them as a name).
        for entry in downloaded:
            entry.identity["ids_named_by_learner"] = True
    return sorted(entries + downloaded, key=lambda entry: entry.name.casefold())


def _disk_part(path, shown):
    """One part of a Moodle participant's download on disk: (whether it is a folder, the opener of its reader as a
    folder, the function that reads it as a file)."""
    return path.is_dir() and not path.is_symlink(), lambda: open_path(path, shown + "/"), file_reader(path, shown)


def _wrapping_folder(members):
    """(the one folder at the top of an archive of `members`, the phrase of _platform_of naming the Canvas or Moodle
    download it holds), or ("", None)."""
    tops = {name.split("/")[0] for name in members if not not_handed_in(name.split("/")[0])}
    if len(tops) != 1:
        return "", None
    top = tops.pop()
    platform = _platform_of([name.partition("/")[2] for name in members
                             if name.startswith(top + "/") and name.partition("/")[2]])
    return (top, platform) if platform else ("", None)


def _platform_of(members):
    """Which LMS's download an archive of `members` (its members' names) is, as a phrase naming it and its layout;
    None where it is neither Canvas's nor Moodle's. Every name at its top must be laid out as that LMS lays one
    out."""
    tops = {name.split("/")[0] for name in members if not not_handed_in(name.split("/")[0])}
    if tops and all(MOODLE_ENTRY.match(top) for top in tops):
        return ("Moodle's \"Download all submissions\" archive (its folders and files are named <Full Name>_"
                "<participant id>_assignsubmission_<plugin>)")
    loose = tops and not any("/" in name for name in members if not not_handed_in(name.split("/")[0]))
    if loose and all(CANVAS_ANONYMOUS.match(top) or CANVAS_FILE.match(top) or CANVAS_TEXT.match(top) for top in tops):
        return ("Canvas's \"Download Submissions\" archive (its files are named <lastfirst>_<user id>_<submission "
                "id>_<file>)")
    return None


def _refuse_a_download_alone(roster):
    """Raise RosterError where the roster's only folder or .zip file is a platform's download of the whole class,
    which would otherwise be graded as one learner's entry."""
    candidates = [path for path in roster.iterdir() if not not_handed_in(path.name) and not path.is_symlink()
                  and (path.is_dir() or path.suffix.lower() == ".zip")]
    if len(candidates) != 1 or not candidates[0].is_file():
        return
    (path,) = candidates
    try:
        with ZipEntry(path, path.name, export=True) as archive:
            gradescope = _metadata_prefix(archive.members) is not None
            platform = None if gradescope else _platform_of(archive.members)
            wrapper, inside = ("", None) if gradescope or platform else _wrapping_folder(archive.members)
    except EntryRefused:
        return      # graded as a learner's archive, whose row says why it cannot be read
    if wrapper:
        raise RosterError(f"{roster} holds {path.name} alone, whose one folder, {_shown(wrapper)}, holds {inside}, "
                          "as an archive made again of a download's folder does (macOS's Compress, say), and no "
                          "learner's entry beside it: unzip it and give grade report that folder, or the platform's "
                          "own download.")
    if gradescope or platform is not None:
        platform = "Gradescope's \"Export Submissions\" archive" if gradescope else platform
        raise RosterError(f"{roster} holds {path.name}, {platform}, and no learner's entry beside it: give grade "
                          f"report {path} itself.")


def _several_learners(marks, name):
    """Whether a file's `name` holds the platform's `marks` more than once, and so may be more than one learner's."""
    return len(marks.findall(name)) > 1


def _ambiguous(name, shown, platform, mark, where="", once=True):
    """The entry, refused, of a file whose name holds `mark` more than once (`once` False: holds each of the two
    marks `mark` names, in a folder that is neither platform's alone), and so names more than one learner; `where`:
    the archive it lies in, as the instructor finds it ("submissions.zip:"), if any."""
    holds, source = (f"{platform}'s {mark} more than once", platform) if once else \
        (f"both {platform}'s {mark}", "the platform it came from")
    # Whose it may be, to tell each of them why no entry got their row: every Moodle participant id, and of Canvas's,
    # the first reading alone, the later ones most often being the learner's own file name (2_main.py), which must not
    # point at a classmate; with its name before it, in either order.
    may_be = {f"participant:{found}" for found in MOODLE_IDS_READ.findall(shown)}
    may_be |= {f"canvas:{found}" for found in CANVAS_ID_READ.findall(shown)[:1]}
    named = CANVAS_NAME_READ.match(shown)
    if named and once and platform == "Canvas" and letters(named[1]):
        may_be |= {f"lastfirst:{letters(named[1])}", f"name:{letters(named[1])}"}
    may_be = sorted(may_be)
    return Entry(key=f"ambiguous:{learner_key(name)}", name=shown, shown=where + shown, open=None,
                 identity={"may_be": may_be},
                 refused=f"{where}{shown} holds {holds}, so whose it is cannot be told from its name. Find whose "
                         f"file it is in {source}, rename it and grade again.")


def learner_key(name):
    """Entries that name the same learner: alice/, alice.zip, ALICE.zip and alice.py."""
    return unicodedata.normalize("NFC", entry_stem(name)).casefold()


def _shown(name):
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _plain_entry(path, name, shown):
    refused = ""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        refused = "The entry's name is not valid UTF-8; rename it and grade again."
    display = shown + "/" if path.is_dir() and not path.is_symlink() else shown
    return Entry(key="plain:" + learner_key(name), name=entry_stem(shown),
                 shown=display, open=lambda: open_path(path, display), refused=refused,
                 identity={"source": "folder", "folder": shown}, sources=(path,))


def _canvas_entry(user, files, sources, unzipped=False):
    """A Canvas learner's loose files, named as the module's docstring says: (reader(limit) -> bytes, shown, match)
    each; `user` is their user id, or anon_<anonymous id> under anonymous grading; `sources`: the paths the files
    are read from. An online text entry (_text.html) or URL (_link.html) is theirs but holds no code. `unzipped`:
    the files lie in a folder, where a download may have been unzipped over an earlier one (a download's own
    archive holds each learner's latest submission alone)."""
    anonymous = user.startswith("anon_")
    name = user if anonymous else files[0][2]["name"]
    gradable = _gradable_uploads(files)
    set_aside = _older_uploads(gradable)
    # Newest first, by Canvas's attachment ids: where two downloads hold a file of one name, the newer one is kept.
    uploads = sorted(((int(match["submission"]), match["file"], shown, reader) for reader, shown, match in files
                      if match.groupdict().get("file") and shown not in set_aside), key=lambda upload: -upload[0])
    readable = {}
    for _, file, shown, reader in uploads:
        if file in readable:
            set_aside += (shown,)
        else:
            readable[file] = (shown, reader)
    # Late as the latest submission is, where a download unzipped over an earlier one holds two.
    late = gradable[0][1] if gradable else any(match["late"] for _, _, match in files)
    identity = {"source": "canvas", "late": late}
    if gradable:
        identity["upload"] = gradable[0][0]     # Canvas's attachment id of the latest: a later upload's is larger
    identity.update({"anonymous_id": user.removeprefix("anon_")} if anonymous else
                    {"lms_id": user, "canvas_name": name})
    # Its messages name the files as the download holds them, as grades.csv's entry column does.
    entry = ", ".join(shown for _, shown, _ in files)
    # Where two downloads may lie in one folder, uploads of one lateness cannot be told apart from one submission
    # of several files: the graded file's note names those uploaded after it.
    uploaded = {shown: number for number, _, shown in gradable} if unzipped else {}
    return Entry(key=f"canvas:{user}", name=name, shown=entry,
                 open=lambda: LooseFiles(readable, entry, set_aside=set_aside, uploaded=uploaded),
                 identity=identity, sources=sources,
                 no_code=tuple(shown for _, shown, match in files if not match.groupdict().get("file")))


def _gradable_uploads(files):
    """(Canvas's attachment id, whether late, how the instructor finds it) of each of a Canvas learner's gradable
    files (.py, notebooks, .zip), newest first: attachment ids grow with every upload."""
    return sorted(((int(match["submission"]), bool(match["late"]), shown) for _, shown, match in files
                   if (match.groupdict().get("file") or "").lower().endswith((".py", ".ipynb", ".zip"))),
                  reverse=True)


def _older_uploads(gradable):
    """How the instructor finds each of a Canvas learner's `gradable` files (_gradable_uploads) of a submission that a
    later one replaced.
    A download holds each learner's latest submission alone, and all of one submission's files are late or none is:
    files of both kinds come of a download unzipped over an earlier one, which leaves the earlier files (main.py)
    beside those that replaced them (main.ipynb). The newest file's kind is the latest submission's."""
    if len({late for _, late, _ in gradable}) < 2:
        return ()
    latest = gradable[0][1]
    return tuple(shown for _, late, shown in gradable if late != latest)


def _moodle_entry(participant, found, sources):
    """A Moodle participant's folders (one per submission plugin) or loose files, as the module's docstring says:
    ((whether it is a folder, the opener of its reader as a folder, the function that reads it as a file), shown,
    match) each; `sources`: the paths they are read from."""
    name = found[0][2]["name"]
    identity = {"source": "moodle", "participant": participant}
    uploads = [(part, shown, match) for part, shown, match in found if match["plugin"] == "file"]
    folders = [open_folder for (_, open_folder, _), _, match in uploads if not match["file"]]
    loose = {match["file"]: (shown, read) for (_, _, read), shown, match in uploads if match["file"]}
    parts = [(shown + ("/" if is_folder else ""), match["plugin"]) for (is_folder, _, _), shown, match in found]
    entry = ", ".join(part for part, _ in parts)
    return Entry(key=f"moodle:{participant}", name=name, shown=entry,
                 open=lambda: Uploads(entry, [open_folder() for open_folder in folders], loose), identity=identity,
                 sources=sources, no_code=tuple(part for part, plugin in parts if plugin != "file"))


# --- Gradescope's export -----------------------------------------------------------------------

def _zip_download(path):
    """The entries of a platform's download given as its .zip: Gradescope's export, Canvas's or Moodle's download,
    read member by member as their folders are read unzipped."""
    try:
        export = ZipEntry(path, path.name, export=True)
    except EntryRefused as exc:
        raise RosterError(str(exc)) from None
    prefix = _metadata_prefix(export.members)
    if prefix is not None:
        return _gradescope_zip(path, export, prefix)
    platform = _platform_of(export.members)
    if platform is None:
        export.close()
        wrapper, inside = _wrapping_folder(export.members)
        raise RosterError(f"{path.name} holds no {GRADESCOPE_METADATA} and its files are not named as Canvas's or "
                          "Moodle's downloads name them, so it is no platform's download of a class. " + (
                              f"Its one folder, {_shown(wrapper)}, holds {inside}, as an archive made again of a "
                              "download's folder does (macOS's Compress, say): unzip it and give grade report that "
                              "folder, or the platform's own download." if wrapper else
                              "Give a folder with one folder or .zip file per learner (unzip such an archive first)."))
    tops = {}      # each name at the archive's top -> whether it is a folder (its members lie beneath it)
    for name in export.members:
        top, beneath, _ = name.partition("/")
        if not not_handed_in(top):
            tops[top] = tops.get(top, False) or bool(beneath)
    refused = {}   # each name at the top that an unsafe member was left out of, or is -> why, the first reason
    for name, why in export.unsafe:
        # Where it would lie once extracted: "./alice…", "/alice…" and "../alice…" at alice…'s place (an unzip tool
        # that keeps such a member at all puts it there, or beside it).
        top, beneath, _ = re.sub(r"^(?:\.{0,2}/)+", "", name.replace("\\", "/")).partition("/")
        if not top or not_handed_in(top):
            continue    # left out with the rest of what no learner handed in
        if not (MOODLE_ENTRY.match(top) or CANVAS_FILE.match(top) or CANVAS_ANONYMOUS.match(top)):
            export.close()
            raise RosterError(f"{path.name} {why}")
        tops.setdefault(top, bool(beneath))
        refused.setdefault(top, why)
    entries = (_moodle_zip(path, export, tops, refused) if platform.startswith("Moodle") else
               _canvas_zip(path, export, tops, refused))
    return sorted(entries, key=lambda entry: entry.name.casefold())


def _zip_reader(export, member, shown, refused=None):
    """A function returning the bytes of `member` of the download's archive within a limit; EntryRefused where a
    member at that name was left out as unsafe (`refused`: why) or it is a folder."""
    def read(limit):
        if refused is not None:
            raise EntryRefused(f"{shown} {refused}")
        if member not in export.members or export.members[member].is_dir():
            raise EntryRefused(f"{shown} is not a plain file; submissions must be plain files.")
        return export.read(member, limit)
    return read


def _zip_folder(export, top, shown, refused=None):
    """The reader of the folder `top` of the download's archive (ZipEntry.folder); EntryRefused where a member of
    it was left out as unsafe (`refused`: why)."""
    if refused is not None:
        raise EntryRefused(f"{shown} {refused}")
    return export.folder(top, shown)


def _canvas_zip(path, export, tops, refused):
    """The entries of Canvas's "Download Submissions" archive, whose files lie loose at its top; `refused`: why a
    name at the top was left out as unsafe."""
    entries, canvas = [], {}
    for top in sorted(tops):
        shown = f"{path.name}:{top}"
        anonymous = CANVAS_ANONYMOUS.match(top)
        match = anonymous or CANVAS_FILE.match(top) or CANVAS_TEXT.match(top)
        if not anonymous and _several_learners(CANVAS_ID_READ, top):
            entries.append(_ambiguous(top, top, "Canvas", "_<user id>_<submission id>_", f"{path.name}:"))
        elif match:
            user = ("anon_" if anonymous else "") + match["user"]
            canvas.setdefault(user, []).append((_zip_reader(export, top, shown, refused.get(top)), shown, match))
    return entries + [_left_out(_canvas_entry(user, files, (path,)), files, path, refused)
                      for user, files in canvas.items()]


def _left_out(entry, files, path, refused):
    """`entry` with the reasons its files in the archive at `path` were left out as unsafe (`refused`: why, by the
    name at the archive's top), which it may hold nothing else to grade for."""
    prefix = f"{path.name}:"
    entry.left_out = tuple(f"{shown} {refused[shown.removeprefix(prefix)]}" for _, shown, _ in files
                           if shown.removeprefix(prefix) in refused)
    return entry


def _moodle_zip(path, export, tops, refused):
    """The entries of Moodle's "Download all submissions" archive: a folder per participant and plugin at its top,
    or loose files with that prefix; `refused`: why a name at the top, or something beneath it, was left out as
    unsafe."""
    entries, moodle = [], {}
    for top, is_folder in sorted(tops.items()):
        shown = f"{path.name}:{top}"
        match = MOODLE_ENTRY.match(top)
        if match and _several_learners(MOODLE_IDS_READ, top):
            entries.append(_ambiguous(top, top, "Moodle", "_<participant>_assignsubmission_", f"{path.name}:"))
        elif match:
            part = (is_folder, lambda top=top, shown=shown: _zip_folder(export, top, shown + "/", refused.get(top)),
                    _zip_reader(export, top, shown, refused.get(top)))
            moodle.setdefault(match["id"], []).append((part, shown, match))
    return entries + [_left_out(_moodle_entry(participant, found, (path,)), found, path, refused)
                      for participant, found in moodle.items()]


def _gradescope_zip(path, export, prefix):
    folders = {name[len(prefix):].split("/")[0] for name in export.members
               if name.startswith(prefix) and "/" in name[len(prefix):]}
    metadata = _read_metadata(lambda limit: export.read(prefix + GRADESCOPE_METADATA, limit), folders, path.name)
    listed = _submissions(metadata, folders)
    # An unsafe member refuses only the submission folder it lies in (ZipEntry.folder); one anywhere else (beside
    # the metadata, or in no submission's folder) leaves the export's own layout in doubt.
    submissions = set(listed) - {"", ".", ".."}
    outside = next(((name, why) for name, why in export.unsafe
                    if not (name.startswith(prefix) and name[len(prefix):].partition("/")[0] in submissions
                            and "/" in name[len(prefix):])), None)
    if outside is not None:
        export.close()
        raise RosterError(f"{path.name} {outside[1]}")
    return _gradescope_entries(metadata, folders, listed,
                               lambda folder, shown: Submitted(export.folder(prefix + folder, shown)),
                               path.name + ":" + prefix, lambda folder: (path,))


def _metadata_prefix(members):
    """Where an export's own metadata lies: at its top, or in the one folder that holds everything else; None where
    neither. A submission folder may hold a file of that name too, uploaded by its learner: it is never taken."""
    if GRADESCOPE_METADATA in members:
        return ""
    tops = {name.split("/")[0] for name in members}
    if len(tops) == 1 and f"{next(iter(tops))}/{GRADESCOPE_METADATA}" in members:
        return f"{next(iter(tops))}/"
    return None


def _export_wrapped(roster):
    """The one folder the folder `roster` holds (beside what a system leaves), where it is a Gradescope export's, as
    its .zip wraps everything in (_metadata_prefix); else None."""
    tops = [name for name in os.listdir(roster) if not not_handed_in(name)]
    if len(tops) == 1 and not (roster / tops[0]).is_symlink() and (roster / tops[0] / GRADESCOPE_METADATA).is_file():
        return tops[0]
    return None


def _gradescope_folder(roster, where=""):
    """The entries of Gradescope's export unzipped into the folder `roster`; `where` is how the instructor finds that
    folder in the roster given (the wrapping folder of the export, or "")."""
    reader = file_reader(roster / GRADESCOPE_METADATA, where + GRADESCOPE_METADATA)
    folders = {name for name in os.listdir(roster) if (roster / name).is_dir() and not not_handed_in(name)}
    metadata = _read_metadata(reader, folders, where + GRADESCOPE_METADATA)
    return _gradescope_entries(metadata, folders, _submissions(metadata, folders),
                               lambda folder, shown: Submitted(open_path(roster / folder, shown)),
                               where,
                               lambda folder: (roster / folder,))


def _read_metadata(read, folders, shown):
    """The metadata of an export of these submission `folders`, read(limit) giving the bytes of its file, read up to
    METADATA_BYTES_PER_SUBMISSION a folder; RosterError where it cannot be read or is larger."""
    try:
        data = read(min(MAX_METADATA_BYTES, METADATA_BYTES_PER_SUBMISSION * (len(folders) + 1)))
    except TooLarge as exc:
        raise RosterError(f"{exc} {METADATA_TOO_LARGE}") from None
    except EntryRefused as exc:
        raise RosterError(str(exc)) from None
    return _metadata(data, shown)


def _metadata(data, shown):
    import yaml

    try:
        metadata = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RosterError(f"{shown} cannot be read as Gradescope's {GRADESCOPE_METADATA} ({exc}).") from None
    except RecursionError:
        # PyYAML's scanner recurses once per level of nesting; Gradescope's own file nests a few levels.
        raise RosterError(f"{shown} cannot be read as Gradescope's {GRADESCOPE_METADATA}: its values nest deeper "
                          "than Python can follow, which Gradescope's export never does. Download the export from "
                          "Gradescope again.") from None
    if not isinstance(metadata, dict):
        raise RosterError(f"{shown}: {GRADESCOPE_METADATA} does not map submission folders to submitters.")
    return metadata


def _submissions(metadata, folders):
    """The names of an export's submissions, in order: its submission `folders` (a set) and those its metadata lists,
    which may lack a folder."""
    return sorted(folders | {_text(key) for key in metadata} - {""})


def _gradescope_entries(metadata, folders, listed, opener, where, sources):
    """One entry per submission of `listed` (_submissions), named by its submitters: one of `folders` is read from
    it, one with no folder is refused.

    `sources(folder)` names what a folder's entry is read from: the export, or the folder itself."""
    entries = []
    for folder in listed:
        record = metadata.get(folder)
        record = record if isinstance(record, dict) else {}
        submitters = [person for person in _list(record.get(":submitters")) if isinstance(person, dict)]
        people = [{"name": _text(person.get(":name")).strip(), "email": _text(person.get(":email")),
                   "sid": _text(person.get(":sid"))} for person in submitters]
        name = " & ".join(filter(None, (person["name"] for person in people))) or folder
        identity = {"source": "gradescope", "submission": folder,
                    "emails": [person["email"] for person in people if person["email"]],
                    "sids": [person["sid"] for person in people if person["sid"]],
                    "submitted_at": _timestamp(record.get(":created_at"))}
        if len(people) > 1:
            # A group submission: each member is a learner of their own (grader.classroom.roster).
            identity["submitters"] = people
        if folder not in metadata:
            identity["unlisted"] = GRADESCOPE_METADATA
        shown = f"{where}{folder}/"
        if folder in folders:
            entries.append(Entry(key=f"gradescope:{folder}", name=name, shown=shown,
                                 open=lambda folder=folder, shown=shown: opener(folder, shown), identity=identity,
                                 sources=sources(folder)))
        else:
            entries.append(Entry(key=f"gradescope:{folder}", name=name, shown=shown, open=None, identity=identity,
                                 refused=f"{GRADESCOPE_METADATA} lists {folder}, but the export holds no file of "
                                         "it: the submission is empty, or its files were left out of the download. "
                                         "Download the export again, or ask the learner to submit again."))
    return entries


def _text(value, longest=200):
    """A scalar of the metadata as text, at most `longest` characters; "" for anything else. A learner may choose
    their name, and YAML's aliases nested in a list would make billions of values of a few hundred bytes once
    written out as text."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return str(value)[:longest]


def _list(value):
    return value[:1000] if isinstance(value, list) else []


def _timestamp(value):
    """A submission's time as ISO 8601 text: YAML reads Ruby's "2025-03-01 09:12:33.123456000 -08:00" as a datetime,
    and a time with an offset written otherwise ("-0800") is read as Python reads ISO 8601; anything else as written."""
    if isinstance(value, datetime):
        return value.isoformat()
    text = _text(value)
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return text
