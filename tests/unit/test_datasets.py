import numpy as np
import pytest

from nnbook.datasets import grades


def test_grades_are_deterministic_and_well_formed():
    a, b = grades(), grades()
    np.testing.assert_array_equal(a.X, b.X)
    assert a.X.shape == (12, 7)
    assert a.X.dtype == np.float64
    assert len(a.students) == 12 and len(set(a.students)) == 12
    assert a.subjects[0] == "Mathematics" and a.subjects_fr[0] == "Mathématiques"
    assert a.subjects_fr == ("Mathématiques", "Physique", "Informatique", "LV1", "LV2",
                             "Biologie", "Chimie")
    assert np.all((a.X >= 0) & (a.X <= 20))
    np.testing.assert_array_equal(a.X * 2, np.round(a.X * 2))  # half points


def test_grades_have_structure():
    X = grades(24).X
    corr = np.corrcoef(X.T)
    # Languages go together, and so do Mathematics and Physics.
    assert corr[3, 4] > 0.5
    assert corr[0, 1] > 0.5


def test_grades_other_seed_and_errors():
    assert not np.array_equal(grades(seed=1).X, grades().X)
    with pytest.raises(ValueError, match="at most 24, got 30"):
        grades(30)
    with pytest.raises(ValueError, match="positive integer"):
        grades(0)
