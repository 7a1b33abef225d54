"""Tests draw figures without a screen."""
import os

import matplotlib

matplotlib.use("Agg")
os.environ.pop("LECTURE_PRESENTATION", None)  # nbval compares outputs made in the notebook style
