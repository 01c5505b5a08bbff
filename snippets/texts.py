"""Small texts that ship with the repository, for the labs.

``data/harbour.txt`` (about 2.4 KB) was written for this repository: short,
plain sentences about a harbour town, with many repeated words, so that a tiny
character-level model can learn something in a few seconds. It is part of the
repository and may be redistributed under the repository's MIT licence.
"""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_text(name="harbour"):
    """The text of ``snippets/data/<name>.txt`` as one string."""
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")
