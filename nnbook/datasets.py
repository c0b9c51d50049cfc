"""Small data sets that nnbook never downloads itself.

``grades()`` is generated deterministically, ``digits()`` reads the 8 × 8 set bundled
with scikit-learn, and MNIST is read from files fetched once beforehand (``mnist.npz``
for ``mnist()``, found in ``NNBOOK_DATA`` or the current folder; IDX files for
``load_mnist``), so that the book builds and its numbers reproduce offline.
"""

from dataclasses import dataclass

import numpy as np

from ._checks import check_int, check_positive_int
# Handwritten digits live in their own modules; they are data sets like the others.
from .digits import Digits, digits, load_mnist, read_idx, train_test_split
from .mnist_prep import prepare_digit
from .mnist_split import mnist

__all__ = ["GradesTable", "grades", "SUBJECTS", "SUBJECTS_FR", "STUDENTS", "Digits", "digits",
           "load_mnist", "read_idx", "train_test_split", "prepare_digit", "mnist"]

SUBJECTS = (
    "Mathematics",
    "Physics",
    "Computer Science",
    "Natural Language 1",
    "Natural Language 2",
    "Biology",
    "Chemistry",
)
SUBJECTS_FR = ("Mathématiques", "Physique", "Informatique", "LV1", "LV2", "Biologie", "Chimie")
STUDENTS = (
    "Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Gabrielle", "Hugo", "Inès",
    "Jules", "Karim", "Léa", "Mathis", "Nora", "Oscar", "Paul", "Quentin", "Rose",
    "Sami", "Théo", "Ugo", "Victor", "Wassim", "Xavier",
)
# Which aptitude drives each subject: science (s) or language (l), and how strongly.
_SCIENCE_LOADING = np.array([1.0, 0.9, 0.8, 0.1, 0.1, 0.6, 0.8])
_LANGUAGE_LOADING = np.array([0.1, 0.1, 0.2, 1.0, 0.9, 0.3, 0.1])


@dataclass(frozen=True)
class GradesTable:
    """A students × subjects table of grades out of 20.

    Attributes
    ----------
    X : numpy.ndarray
        Grades, shape ``(n_students, 7)``: row ``i`` is student ``i``, column ``k``
        subject ``k``. Multiples of 0.5 between 0 and 20.
    students : tuple[str, ...]
        First names, one per row.
    subjects : tuple[str, ...]
        English subject names, one per column.
    subjects_fr : tuple[str, ...]
        The French names of the original table, one per column.
    """

    X: np.ndarray
    students: tuple
    subjects: tuple
    subjects_fr: tuple


def grades(n_students=12, *, seed=7):
    """Return a deterministic table of grades out of 20 in seven subjects.

    Each student has a general level, an aptitude for the sciences and one for languages;
    each subject mixes them with its own weights (Mathematics and Physics both lean mostly
    on the science aptitude, the two languages on the language one) plus a little noise.
    The table therefore has the structure a weighted sum can pull out: who is good at
    sciences, at languages, at both.

    Parameters
    ----------
    n_students : int
        Number of rows, 1 to 24.
    seed : int
        Seed of the generator, >= 0; the default gives the book's table.

    Returns
    -------
    GradesTable
    """
    n_students = check_positive_int(n_students, "n_students")
    if n_students > len(STUDENTS):
        raise ValueError(
            f"n_students must be at most {len(STUDENTS)}, got {n_students}"
        )
    seed = check_int(seed, "seed", 0)  # None would give a table of its own at each call
    rng = np.random.default_rng(seed)
    level = rng.normal(11.0, 1.5, (n_students, 1))
    science = rng.normal(0.0, 2.5, (n_students, 1))
    language = rng.normal(0.0, 2.5, (n_students, 1))
    noise = rng.normal(0.0, 1.2, (n_students, len(SUBJECTS)))
    X = level + science * _SCIENCE_LOADING + language * _LANGUAGE_LOADING + noise
    # Grades are given to the half point and stay within 0..20.
    X = np.clip(np.round(X * 2) / 2, 0.0, 20.0)
    return GradesTable(X, STUDENTS[:n_students], SUBJECTS, SUBJECTS_FR)
