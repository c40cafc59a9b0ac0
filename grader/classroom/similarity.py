"""Similar submissions across a class, with the code every learner was given discounted.

Each submission is fingerprinted by copydetect: the code is tokenised, names,
comments and whitespace are folded away, and k-grams of what is left are
winnowed (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for
document fingerprinting", SIGMOD 2003). Fingerprints of the distribution
code (the stub, the course's solution and the reference, which stand in for
the book's code) are removed before comparing, as compare50 does with its
distribution files, and so are passages that many learners share, as MOSS's
`-m` option does: an idiom everyone writes is not evidence.
"""
import collections
import io
import multiprocessing
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

# copydetect's own defaults: a match must span 25 characters of folded code, and any match of 30 is found.
NOISE_CHARACTERS = 25
GUARANTEE_CHARACTERS = 30
WINDOW = GUARANTEE_CHARACTERS - NOISE_CHARACTERS + 1
MIN_RUN = 2 * NOISE_CHARACTERS  # folded characters a matched run must span to count
MIN_SHARED_FINGERPRINTS = 3      # fewer shared fingerprints than this is not worth comparing in full
WORTH_A_LOOK = 0.25              # a pair is listed on the page from this score up
MOST_PAIRS_SHOWN = 25            # per challenge, on the page; the CSV has every pair


class SimilarityUnavailable(Exception):
    """The comparison library is not installed; the message says how to install it."""


@dataclass
class Pair:
    challenge: str
    learners: tuple                  # the two learners' names, in roster order
    shares: tuple                    # for each file, the share of its own code that matches the other
    passages: tuple = ((), ())       # for each file, a list of (text, matched) segments
    identical: bool = False          # the same code, statement for statement (comments and layout aside)
    score: float = field(init=False)

    def __post_init__(self):
        # The larger share: a short file copied whole into a longer one is as telling as two equal copies.
        self.score = max(self.shares)


def _text(data):
    """The text of a file's bytes as Python reads it (grader.judge.imports.python_text: the encoding its coding line
    declares, else UTF-8), newlines made \n: a copy saved in another encoding is compared by what it says."""
    from grader.judge.imports import python_text

    return python_text(data).replace("\r\n", "\n").replace("\r", "\n")


def _code(data, staged):
    """The code of the file staged as `staged`, as the worker runs it: a notebook's code cells joined (staged as
    grader.judge.notebook.code_of_notebook's JSON), so that a notebook is compared by its code, as the same code
    handed in as main.py is, rather than by the JSON every released notebook shares."""
    from grader.judge.notebook import python_of_notebook

    text = _text(data)
    return (staged.endswith(".ipynb") and python_of_notebook(text)) or text


def compare_class(root, challenges, learners, spool, processes=1):
    """Every pair of `learners` that share code beyond what the course gave them, most similar first.

    `learners` are roster Learners whose submissions have staged copies in `spool`; returns a list of Pair.
    Raises SimilarityUnavailable when copydetect is not installed.
    """
    detector = _detector()
    labels = _labels(learners)
    pairs = []
    for challenge in challenges:
        texts = {}
        for learner, label in zip(learners, labels):
            for submission in learner.submissions:
                if submission.challenge == challenge.name and submission.staged:
                    texts[label] = _code(spool.read(submission.staged), submission.staged)
        if len(texts) < 2:
            continue
        given = _distribution_texts(root, challenge)
        distribution = detector.boilerplate(given)
        names = list(texts)
        # What more learners share than this is an idiom, whole files too (the stub with one line of its own).
        common_limit = max(10, len(names) // 10)
        identical = _identical(texts, given, common_limit)
        prints = _fingerprint_all([texts[name] for name in names], distribution, processes)
        candidates, common = _candidates(prints, common_limit)
        for (a, b), shared in candidates.items():
            if shared < MIN_SHARED_FINGERPRINTS:
                continue
            if (names[a], names[b]) in identical:
                continue
            shares, slices = detector.compare(prints[a], prints[b], common)
            if max(shares) > 0:
                pairs.append(Pair(challenge.name, (names[a], names[b]), shares,
                                  (_segments(texts[names[a]], slices[0]), _segments(texts[names[b]], slices[1]))))
        # Two files of the same code are the likeliest copy of all, however little of it the course left them
        # (its own lines are left out of the comparison above: a shared slip in them is matched by nothing).
        pairs += [Pair(challenge.name, (a, b), (1.0, 1.0), ([(texts[a], True)], [(texts[b], True)]), identical=True)
                  for a, b in identical]
    pairs.sort(key=lambda pair: (-pair.score, pair.challenge, pair.learners))
    return pairs


def write_similarity(out, pairs, titles):
    """Write `out`/similarity.csv (every pair) and `out`/similarity.html (the pairs worth a look)."""
    from grader.views.safe_text import SpreadsheetWriter
    from grader.views import render

    with open(out / "similarity.csv", "w", newline="", encoding="utf-8-sig") as table:
        writer = SpreadsheetWriter(table)
        writer.writerow(["challenge", "learner", "other_learner", "score", "learner_share", "other_learner_share"])
        for pair in pairs:
            writer.writerow([pair.challenge, *pair.learners, f"{pair.score:.3f}",
                             *(f"{share:.3f}" for share in pair.shares)])
    shown = {}
    for pair in pairs:
        listed = shown.setdefault(pair.challenge, [])
        if pair.score >= WORTH_A_LOOK and len(listed) < MOST_PAIRS_SHOWN:
            listed.append(pair)
    page = render.environment(autoescape=True).get_template("similarity.html.j2").render(
        shown=shown, titles=titles, compared=len(pairs), threshold=WORTH_A_LOOK, most=MOST_PAIRS_SHOWN)
    (out / "similarity.html").write_text(page, encoding="utf-8")


def _labels(learners):
    """Each learner's name as the pairs give it: with what tells them apart (an id, an e-mail, else their entry)
    where another learner has the same name, whose submissions would otherwise be taken for theirs."""
    counts = collections.Counter(learner.name for learner in learners)
    return [learner.name if counts[learner.name] == 1 else f"{learner.name} ({_told_apart(learner)})"
            for learner in learners]


def _told_apart(learner):
    """The first of the learner's id, LMS id, e-mail or login their identity holds, else their entry."""
    for key in ("sid", "sids", "lms_id", "email", "emails", "login"):
        value = learner.identity.get(key)
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, (str, int)) and str(value):
            return str(value)
    return learner.entry


def _identical(texts, given, most):
    """{(a, b)} of the learners (keys of `texts`, in its order) whose code is the same statement for statement,
    comments and layout aside (grader.classroom.stub_shapes.code_only), none of the texts the course `given`, and
    shared by at most `most` learners."""
    from grader.classroom.stub_shapes import code_only

    def code(text):
        return code_only(text.encode("utf-8", "surrogatepass")) or text

    course = {code(text) for text in given}
    alike = collections.defaultdict(list)
    for name, text in texts.items():
        if text.strip():
            alike[code(text)].append(name)
    return {pair for same, holders in alike.items() if same not in course and len(holders) <= most
            for pair in combinations(holders, 2)}


def _distribution_texts(root, challenge):
    """What every learner was given or told to write: the stub, the course's solution, the reference."""
    from grader.course import shipped_or_none

    stub = shipped_or_none(challenge)
    files = [challenge.solution, *sorted((Path(root) / "reference").glob("*.py"))]
    texts = [path.read_text(encoding="utf-8") for path in files if path.is_file()]
    return texts if stub is None else [stub.decode("utf-8"), *texts]


def _candidates(prints, common_limit):
    """({(i, j): fingerprints files i and j share}, the fingerprints in more than `common_limit` files, not counted)."""
    holders = {}
    for index, fingerprint in enumerate(prints):
        for digest in fingerprint.hashes:
            holders.setdefault(digest, []).append(index)
    shared, common = {}, set()
    for digest, indices in holders.items():
        if len(indices) > common_limit:
            common.add(digest)
        elif len(indices) > 1:
            for pair in combinations(indices, 2):
                shared[pair] = shared.get(pair, 0) + 1
    return shared, common


def _fingerprint_all(texts, distribution, processes):
    unique = list(dict.fromkeys(texts))
    if processes > 1 and len(unique) > 20 and "fork" in multiprocessing.get_all_start_methods():
        # Imported here: `grade report` loads this module for every class, and compares only when asked to.
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            made = list(pool.map(_fingerprint, unique, [distribution] * len(unique), chunksize=8))
    else:
        made = [_fingerprint(text, distribution) for text in unique]
    by_text = dict(zip(unique, made))
    return [by_text[text] for text in texts]


def _fingerprint(text, distribution):
    from copydetect.detector import CodeFingerprint

    return CodeFingerprint("main.py", NOISE_CHARACTERS, WINDOW, boilerplate=distribution, fp=io.StringIO(text),
                           language="python")


def _segments(text, slices):
    """`text` cut into (piece, matched) segments; `slices` holds the matched spans' starts and ends."""
    spans = sorted(zip(*(list(map(int, row)) for row in slices))) if len(slices) == 2 and len(slices[0]) else []
    segments, position = [], 0
    for start, end in spans:
        start = max(start, position)
        if start > position:
            segments.append((text[position:start], False))
        if end > start:
            segments.append((text[start:end], True))
        position = max(position, end)
    if position < len(text):
        segments.append((text[position:], False))
    return segments


class _Copydetect:
    """The few calls of copydetect this module makes."""

    def __init__(self, detector):
        self.detector = detector

    def boilerplate(self, texts):
        hashes = set()
        for text in texts:
            folded, _ = self.detector.filter_code(text, "main.py", "python")
            # A window of 1 keeps every k-gram, so no fingerprint of the distribution code survives.
            found, _ = self.detector.get_document_fingerprints(folded, NOISE_CHARACTERS, 1, [])
            hashes.update(found)
        return sorted(hashes)

    def compare(self, first, second, ignored):
        """(share of each file's own code that matches the other, matched spans of each file's raw text).

        As copydetect's compare_files, but fingerprints in `ignored` do not count, and a run shorter than
        MIN_RUN folded characters is not a match: such runs are the seams between given definitions.
        """
        import numpy as np

        shared = (first.hashes & second.hashes) - ignored
        shares, spans = [], []
        for fingerprint in (first, second):
            places = [index for digest in shared for index in fingerprint.hash_idx[digest]]
            starts, ends = self.detector.get_copied_slices(np.array(places, dtype=int), fingerprint.k)
            starts, ends = starts.astype(int), ends.astype(int)
            long_enough = ends - starts >= MIN_RUN
            starts, ends = starts[long_enough], ends[long_enough]
            covered = int((ends - starts).sum())
            shares.append(min(1.0, covered / fingerprint.token_coverage) if fingerprint.token_coverage else 0.0)
            spans.append((self._raw(fingerprint, starts), self._raw(fingerprint, ends)))
        return tuple(shares), tuple(spans)

    @staticmethod
    def _raw(fingerprint, places):
        """Places in the folded code as places in the raw text, as copydetect maps them for its report."""
        import numpy as np

        offsets = fingerprint.offsets
        if len(offsets) == 0 or len(places) == 0:
            return places
        return places + offsets[:, 1][np.clip(np.searchsorted(offsets[:, 0], places), 0, len(offsets) - 1)]


def require_copydetect():
    """Raise SimilarityUnavailable now, before a long grading, when copydetect is missing."""
    _detector()


def _detector():
    try:
        from copydetect import detector
    except ImportError:
        raise SimilarityUnavailable("--similarity needs the copydetect package: pip install copydetect "
                                    "(or pip install -e '.[class]' in the course).") from None
    return _Copydetect(detector)
