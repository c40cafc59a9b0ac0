"""How many files a .zip archive lists, read from the records at its end before zipfile reads its whole list.

zipfile.ZipFile reads an archive's list of files (its central directory) whole, however many files it names: a
learner's archive of a million empty files would cost the instructor's machine seconds and hundreds of MiB before
any limit could refuse it. The records are those of PKWARE's APPNOTE.TXT.
"""
import struct

MAX_DIRECTORY_RECORD_BYTES = 1024   # one member's record in an archive's list of files, a long path and extras included
# The records at an archive's end that say where its list of files (its central directory) is and how long it is
# (PKWARE's APPNOTE.TXT, 4.3.14 to 4.3.16), and each member's record in that list (4.3.12).
END_RECORD = struct.Struct("<4s4H2LH")         # signature, disks, members here, members, list's size, offset, comment
ZIP64_LOCATOR = struct.Struct("<4sLQL")        # signature, disk, offset of the ZIP64 end record, disks
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")  # signature, size, versions, disks, members here, members, size, offset
DIRECTORY_RECORD = struct.Struct("<4s4B4HL2L5H2L")
END_SIGNATURE, ZIP64_LOCATOR_SIGNATURE, ZIP64_END_SIGNATURE, DIRECTORY_SIGNATURE = (
    b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06", b"PK\x01\x02")


class DirectoryRefused(Exception):
    """The archive lists too many files, or its records cannot be read as zipfile would; the message, a sentence
    without the archive's name, says why."""


def check_directory(file, size, max_members):
    """Refuse the archive in `file` (`size` bytes) when its end records say it lists more than `max_members` files,
    or when its list of files is longer than so many need, or holds more records than that; all without reading
    more than `max_members` records. The records are found where zipfile finds them, and an archive whose records
    could be read in two ways (data before the archive, a ZIP64 end record that is not where its locator says) is
    refused, so that zipfile reads the very list checked here. Raises DirectoryRefused."""
    unreadable = "is not a readable .zip archive"
    tail_size = min(size, END_RECORD.size + 0xFFFF)     # the end record and a comment of at most 64 KiB
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = len(tail) - END_RECORD.size
    if not (at >= 0 and tail[at:at + 4] == END_SIGNATURE and tail[-2:] == b"\0\0"):
        at = tail.rfind(END_SIGNATURE)
    if at < 0 or at + END_RECORD.size > len(tail):
        raise DirectoryRefused(f"{unreadable} (it has no end record).")
    _, _, _, _, members, listed_size, listed_at, comment = END_RECORD.unpack_from(tail, at)
    if at + END_RECORD.size + comment != len(tail):
        raise DirectoryRefused(f"{unreadable} (its end record is not at its end).")
    end = size - tail_size + at                          # where the end records start
    # Read from the file, as zipfile reads it: a long comment can leave the locator before the tail read above.
    locator = b""
    if end >= ZIP64_LOCATOR.size:
        file.seek(end - ZIP64_LOCATOR.size)
        locator = file.read(ZIP64_LOCATOR.size)
    if locator[:4] == ZIP64_LOCATOR_SIGNATURE:
        end -= ZIP64_LOCATOR.size + ZIP64_END_RECORD.size
        _, _, record_at, _ = ZIP64_LOCATOR.unpack(locator)
        file.seek(max(end, 0))
        record = file.read(ZIP64_END_RECORD.size)
        if end < 0 or record_at != end or len(record) != ZIP64_END_RECORD.size or \
                record[:4] != ZIP64_END_SIGNATURE:
            raise DirectoryRefused(f"{unreadable} (its ZIP64 end record is not where its locator says).")
        _, _, _, _, _, _, _, members, listed_size, listed_at = ZIP64_END_RECORD.unpack(record)
    if members > max_members:
        raise DirectoryRefused(f"holds {members} files, more than the {max_members} a submission may.")
    if listed_size > max_members * MAX_DIRECTORY_RECORD_BYTES:
        raise DirectoryRefused(f"has a list of files of {listed_size} bytes, more than {max_members} files "
                           "need, so it was not opened.")
    if listed_at + listed_size != end:
        raise DirectoryRefused(f"{unreadable} (its list of files is not where its end record says).")
    # The end record's count may understate the list; count its records as zipfile walks them, up to the limit.
    file.seek(listed_at)
    listing = file.read(listed_size)
    offset = records = 0
    while offset < listed_size:
        records += 1
        if records > max_members:
            raise DirectoryRefused(f"holds more than {max_members} files, the most a submission may.")
        if listing[offset:offset + 4] != DIRECTORY_SIGNATURE or offset + DIRECTORY_RECORD.size > len(listing):
            raise DirectoryRefused(f"{unreadable} (its list of files is damaged).")
        fields = DIRECTORY_RECORD.unpack_from(listing, offset)
        offset += DIRECTORY_RECORD.size + fields[12] + fields[13] + fields[14]   # name, extra field, comment
