"""The backward stepper's state and figure, without its controls: one backward pass (backward_pass.backward_steps)
walked one equation at a time, Next and Back moving a position 0..n (0: the forward pass done, nothing computed
yet; i: step i done and shown), the readout with the numbers plugged in, and the network drawn at that position."""
import html

from ..backward_pass import backward_steps, check_sample
from ..plotting import plot_errors_on_network


class BackwardPass:
    """One backward pass for the sample x, y, at a position 0..n: n = 3L − 3 steps, (22), (23) for l = L−1..2, then
    (24) and (25) for l = L..2. next() and back() move one step and do nothing past either end."""

    def __init__(self, net, x, y):
        self.x, self.y = check_sample(net, x, y)
        self.net = net.copy()  # the pass shown stays the pass of the network as it was given
        self.steps = backward_steps(self.net, self.x, self.y)
        self.position = 0

    @property
    def n(self):
        """The number of steps of the pass."""
        return len(self.steps)

    @property
    def current(self):
        """The step shown (done last), or None at position 0."""
        return self.steps[self.position - 1] if self.position else None

    def next(self):
        """One step forward through the pass; False (and nothing changes) after the last step."""
        if self.position == self.n:
            return False
        self.position += 1
        return True

    def back(self):
        """One step back; False (and nothing changes) at the start."""
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def reset(self):
        """Back to position 0: the forward pass done, no δ computed."""
        self.position = 0

    def status(self):
        """One line: where in the pass we are."""
        if self.current is None:
            return f"Step 0 of {self.n}: the forward pass is done (a^[l], z^[l] for every layer); Next computes (22)."
        done = " The pass is complete: every ∂C/∂b and ∂C/∂ω is known." if self.position == self.n else ""
        return f"Step {self.position} of {self.n}: {self.current.title}.{done}"


def split(line, width=72):
    """A written-out equation longer than `width` in two lines, its symbolic side then its numeric side:
    'δ_1^[3] = σ'(z_1^[3]) (...)' then '        = 0.2481 × (...) = 0.007735', so it fits the width of a slide."""
    parts = line.split(" = ")
    if len(parts) < 3 or len(line) <= width:
        return [line]
    return [" = ".join(parts[:2]), " " * 8 + "= " + " = ".join(parts[2:])]


def format_step(state):
    """The readout as HTML: the status line with the equation's number, then every component with the numbers
    plugged in (symbols on one line, numbers on the next), as plain text a reader can copy."""
    lines = [] if state.current is None else [wrapped for line in state.current.lines for wrapped in split(line)]
    tag = "" if state.current is None else f" &nbsp; <b>({state.current.equation})</b>"
    body = "\n".join(html.escape(line) for line in lines)
    return (f"<div class='backward-stepper-readout'><div><b>{html.escape(state.status())}</b>{tag}</div>"
            f"<div style='font-family: monospace; white-space: pre; line-height: 1.3; overflow-x: auto; margin-top: 4px'>"
            f"{body}</div>"
            "</div>")


def describe_step(state):
    """The readout in plain text, for a screen reader and as the saved picture's alt text: the status line, then
    each component of the current equation with its numbers plugged in."""
    lines = [] if state.current is None else list(state.current.lines)
    equation = "" if state.current is None else f" ({state.current.equation})"
    return " ".join([state.status() + equation] + [f"{line}." for line in lines])


def plot_stepper(fig, state):
    """The stepper's figure on fig: the network with what the pass has computed up to the current position."""
    fig.clear()
    ax = fig.add_subplot()
    plot_errors_on_network(state.net, state.x, state.y, ax=ax, step=state.position)
    return ax
