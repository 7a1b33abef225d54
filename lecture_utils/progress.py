"""A text progress bar on the epochs: redrawn in place with a carriage return, with nothing in it that varies from
run to run (no timings), so a saved notebook's output repeats exactly."""
import sys


def progress_line(epoch, epochs, cost, width=30):
    """One line such as `epoch  12/30 |████████······| Cost (9) = 0.1234`, with no timings in it."""
    filled = round(width * epoch / epochs)
    return f"epoch {epoch:>{len(str(epochs))}}/{epochs} |{'█' * filled}{'·' * (width - filled)}| Cost (9) = {cost:.4f}"


class EpochProgress:
    """A bar redrawn only when it grows (at most `width` times), each redraw one write and one flush, so the
    outputs a notebook records are the same in every run; close() leaves the final line."""

    def __init__(self, epochs, cost, width=30, stream=None):
        self.epochs, self.width, self.stream = epochs, width, stream or sys.stdout
        self.epoch, self.cost, self.drawn = 0, cost, 0
        self._write(progress_line(0, epochs, cost, width))

    def _write(self, text, end=""):
        self.stream.write("\r" + text + end)
        self.stream.flush()

    def update(self, epoch, cost):
        """Record `epoch` and its Cost (9); redraw if the bar has grown."""
        self.epoch, self.cost = epoch, cost
        filled = round(self.width * epoch / self.epochs)
        if filled > self.drawn:
            self.drawn = filled
            self._write(progress_line(epoch, self.epochs, cost, self.width))

    def close(self, best_epoch=None):
        """Draw the final line (saying where early stopping stopped, if it did) and end it."""
        text = progress_line(self.epoch, self.epochs, self.cost, self.width)
        if best_epoch is not None and self.epoch < self.epochs:
            text += f" (stopped early; the parameters of epoch {best_epoch} kept)"
        self._write(text, end="\n")
