"""Self-checked exercises: each check_* function confirms a right answer or names the likely mistake."""
from .feedback import Feedback, compare
from .core import *
from .widgets import *
from .beyond import *
