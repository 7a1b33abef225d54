"""Self-checked exercises: each check_*(…, answer) confirms a right answer or names the likely mistake, the answer
always last. core: notebooks 01–09; explorer: notebook 10 (the weight explorer and the dashboard); beyond: 08–12."""
from . import beyond, core, explorer
from .beyond import *  # noqa: F401,F403
from .core import *  # noqa: F401,F403
from .explorer import *  # noqa: F401,F403
from .feedback import Feedback, compare

__all__ = ["Feedback", "compare", *core.__all__, *explorer.__all__, *beyond.__all__]
