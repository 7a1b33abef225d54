"""Self-checked exercises: each check_*(…, answer) confirms a right answer or names the likely mistake, the answer
always last. One module per group of notebooks: core (01–03, 05, 08, 09), chain_rule (04), by_hand (06),
reverse_mode (07), explorer (10: the weight explorer and the dashboard), beyond (11, 13–15, 17), regression (12),
dropout (16), normalisation (18), convolution (19), recurrence (20)."""
from . import (beyond, by_hand, chain_rule, convolution, core, dropout, explorer, normalisation, recurrence,
               regression, reverse_mode)
from .beyond import *  # noqa: F401,F403
from .by_hand import *  # noqa: F401,F403
from .chain_rule import *  # noqa: F401,F403
from .convolution import *  # noqa: F401,F403
from .core import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .explorer import *  # noqa: F401,F403
from .feedback import Feedback, compare
from .normalisation import *  # noqa: F401,F403
from .recurrence import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403
from .reverse_mode import *  # noqa: F401,F403

__all__ = ["Feedback", "compare"] + [name for module in (core, chain_rule, by_hand, reverse_mode, explorer, beyond,
                                                          regression, dropout, normalisation, convolution, recurrence)
                                     for name in module.__all__]
