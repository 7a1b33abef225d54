"""The backward stepper as a widget: Back, Next and Reset walk one backward pass of Lemma 1 an equation at a time."""
import ipywidgets as widgets

from .accessibility import AccessiblePanel
from .canvas import Blitter, FigureWidget, new_figure
from .stepper import BackwardPass, describe_step, format_step, plot_stepper


class BackwardStepper(AccessiblePanel, FigureWidget):
    """Back, Next and Reset through one backward pass: (22) at layer L, (23) down to layer 2, then (24) and (25)
    layer by layer; the diagram marks what the step computes (black) and reads (orange), the readout shows the
    equation with the numbers plugged in. The buttons take the keyboard focus (Tab, then Enter or Space) and are never
    disabled, so the focus stays on them; Back at the start and Next at the end do nothing."""

    def __init__(self, net, x, y):
        self.state = BackwardPass(net, x, y)
        self.back_button = widgets.Button(description="Back", icon="step-backward",
                                          tooltip="Undo the last step of the backward pass")
        self.next_button = widgets.Button(description="Next", icon="step-forward", button_style="primary",
                                          tooltip="Compute the next equation of the backward pass")
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="Back to the start: the forward pass done, no δ computed")
        self.readout = widgets.HTML()
        fig = new_figure((8.0, 3.3))
        super().__init__(fig, [widgets.HBox([self.back_button, self.next_button, self.reset_button]), self.readout])
        if not self.live:  # the image at its own size, not stretched to the page: it must fit a 1000-px slide
            self.view.layout.width = f"{round(fig.get_figwidth() * fig.dpi)}px"
        self.blitter = Blitter(fig, lambda: [])
        self.accessible_panel("The backward stepper's figure: the network, each neuron coloured by δ_j^[l] and "
                              "each edge by ∂C/∂ω_jk^[l] as far as the pass has computed them")
        self.back_button.on_click(self._on_back)
        self.next_button.on_click(self._on_next)
        self.reset_button.on_click(self._on_reset)
        self._show()

    def __repr__(self):
        return f"BackwardStepper(network {list(self.state.net.sizes)}, step {self.state.position} of {self.state.n})"

    def _show(self):
        """The readout and the figure at the current position."""
        self.readout.value = format_step(self.state)
        self.describe(text=describe_step(self.state))
        plot_stepper(self.fig, self.state)
        self.blitter.frame(full=True, new_layout=True)
        self.refresh()

    def _on_next(self, _=None):
        if self.state.next():
            self._show()

    def _on_back(self, _=None):
        if self.state.back():
            self._show()

    def _on_reset(self, _=None):
        self.state.reset()
        self._show()


def backward_stepper(net, x, y):
    """The backward stepper for the network net at one sample x, y (y the target of x)."""
    return BackwardStepper(net, x, y)
