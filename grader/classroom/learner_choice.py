"""Which learners of the run `grade report --learner WANTED` means.

WANTED is a learner's name, entry or id (e-mail, SID, login, GitHub username) as the roster or class list holds it,
in any case; or a part of a name that only one learner's name has: `uma` or `singh` for Uma Singh, `gita rao` for
"Rao, Gita", `bjorn` for Björn Ångström. A name or part that several learners' names hold (`li` in Wen Li and Oliver
Grant, `ada` as one learner's whole name and part of Ada Lovelace's) names them all and chooses none.
"""
import difflib
import re

from grader.views.safe_text import shown_name, without_marks

NEAREST = 3     # names offered when WANTED names nobody


class LearnerChoiceError(Exception):
    """WANTED names nobody, or several learners by a part of their names: the message says whom it could mean."""


def chosen_positions(wanted, learners, where):
    """The positions of the learners WANTED names, from `learners`: (position, name, entry, identifiers) of every
    learner of the run. An entry or id given whole chooses every learner it is (a group's members share their
    entry); a name, whole or in part, must be of one learner's alone, so that a learner who calls themselves by a
    part of another's name cannot take that learner's regrade. `where`: the roster, for messages."""
    learners = list(learners)
    given = wanted.strip().casefold()
    by_id = [position for position, _, entry, identifiers in learners
             if given in {value.casefold() for value in (entry, entry.rstrip("/"), *identifiers) if value}]
    if by_id:
        return by_id
    words = _words(wanted)
    named = [(position, name, entry) for position, name, entry, _ in learners
             if given == name.strip().casefold() or (words and sorted(words) == sorted(_words(name)))]
    # Whole words first, then the starts of words, then any part, which is the order the names are listed in.
    partly = []
    for matches in (_whole_word, _word_start, _within):
        partly += [(position, name, entry) for position, name, entry, _ in learners if words
                   and all(any(matches(part, word) for word in _words(name)) for part in words)
                   and (position, name, entry) not in named + partly]
    if named and not partly and len({entry for _, _, entry in named}) > 1:
        # Namesakes: each has an entry, an e-mail or an id of their own, which chooses them alone.
        shown = "; ".join(f"{shown_name(name)} ({entry})" if entry else shown_name(name)
                          for _, name, entry in named[:10])
        raise LearnerChoiceError(
            f"--learner {wanted!r} is the name of {len(named)} learners in {where}: {shown}. Give the learner's entry, "
            "e-mail or id as grades.csv shows it.")
    if named and not partly:
        return [position for position, _, _ in named]
    if len(partly) == 1 and not named:
        return [partly[0][0]]
    if partly:
        found = named + partly
        shown = "; ".join(f"{shown_name(name)} ({entry})" if entry else shown_name(name)
                          for _, name, entry in found[:10])
        more = f" and {len(found) - 10} more" if len(found) > 10 else ""
        others = f"{len(partly)} more learner{'s' * (len(partly) > 1)}"
        what = (f"is a learner's name and part of the names of {others}" if named
                else f"is part of the names of {len(partly)} learners")
        raise LearnerChoiceError(
            f"--learner {wanted!r} {what} in {where}: {shown}{more}. Give more of the name, or the learner's entry, "
            "e-mail or id as grades.csv shows it.")
    nearest = _nearest(wanted, [name for _, name, _, _ in learners])
    raise LearnerChoiceError(
        f"No learner in {where} is called {wanted!r}, nor has it as part of their name: give a learner's name (or a "
        "part of it no other learner's has), entry, e-mail or id as grades.csv shows it."
        + (f" The nearest names: {'; '.join(shown_name(name) for name in nearest)}." if nearest else ""))


def _words(text):
    """The words of a name, in lower case and without accents: "Ångström, Björn" is ["angstrom", "bjorn"]."""
    return re.findall(r"\w+", without_marks(str(text).casefold()))


def _whole_word(part, word):
    return part == word


def _word_start(part, word):
    return word.startswith(part)


def _within(part, word):
    return part in word


def _nearest(wanted, names):
    """Up to NEAREST names that look like `wanted`, whole or by one of their words, nearest first."""
    wanted = " ".join(_words(wanted))
    scored = []
    for name in dict.fromkeys(names):
        words = _words(name)
        score = max([difflib.SequenceMatcher(None, wanted, text).ratio() for text in [" ".join(words), *words]])
        if score >= 0.6:
            scored.append((-score, name))
    return [name for _, name in sorted(scored)[:NEAREST]]
