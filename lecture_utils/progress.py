"""A progress bar on the epochs that redraws itself in place, and leaves one deterministic line in a saved notebook."""
from IPython import get_ipython
from IPython.display import display


class _Line:
    """Plain text shown as itself (no quotes) by IPython's display machinery."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def progress_line(epoch, epochs, cost, width=30):
    """One line such as `epoch  12/30 |████████······| Cost (9) = 0.1234`, with no timings in it."""
    filled = round(width * epoch / epochs)
    return f"epoch {epoch:>{len(str(epochs))}}/{epochs} |{'█' * filled}{'·' * (width - filled)}| Cost (9) = {cost:.4f}"


class EpochProgress:
    """A bar redrawn once per epoch through one IPython display, so a saved notebook keeps only its last state;
    outside IPython it prints that last line once, at the end."""

    def __init__(self, epochs, cost):
        self.epochs, self.epoch, self.cost = epochs, 0, cost
        self.handle = None
        if get_ipython() is not None:
            self.handle = display(_Line(progress_line(0, epochs, cost)), display_id=True)

    def update(self, epoch, cost):
        """Redraw the bar at `epoch` with the current Cost (9)."""
        self.epoch, self.cost = epoch, cost
        if self.handle is not None:
            self.handle.update(_Line(progress_line(epoch, self.epochs, cost)))

    def close(self, best_epoch=None):
        """Leave the final line, saying where early stopping stopped if it did."""
        text = progress_line(self.epoch, self.epochs, self.cost)
        if best_epoch is not None and self.epoch < self.epochs:
            text += f" (stopped early; the parameters of epoch {best_epoch} kept)"
        if self.handle is not None:
            self.handle.update(_Line(text))
        else:
            print(text)
