"""What a screen reader and the keyboard get from a widget: every control named in the lecture's symbols
("weight ω_43^[3]", not "slider"), the figure an image named for what it shows and described by the readout's
numbers, those numbers announced once they settle (not every frame of a running dashboard), and the saved picture
with the same words as its alt text. The browser's half is static/accessibility.js (anywidget, no imports)."""
import pathlib

import anywidget
import traitlets

ESM = pathlib.Path(__file__).resolve().parent / "static" / "accessibility.js"
PANEL_CLASS = "lecture-widget"  # the panel's CSS class: accessibility.js works inside the panel that holds it
SETTLE = 1.0  # seconds the readout must stay unchanged before a screen reader is told it (a polite live region)


class Accessible(anywidget.AnyWidget):
    """An invisible helper inside a widget's panel: gives each control in `names` its name (a slider, whose label
    ipywidgets ties to nothing; a dropdown, whose label is a bare "j"; a row of toggle buttons), makes the panel's
    figure (a live canvas or an image) an image named `label` and described by `text`, and announces `text`
    politely once it has not changed for `settle` seconds."""
    _esm = ESM.read_text(encoding="utf-8")
    label = traitlets.Unicode("").tag(sync=True)
    names = traitlets.Dict().tag(sync=True)  # {a control's CSS class: its name}
    text = traitlets.Unicode("").tag(sync=True)
    settle = traitlets.Float(SETTLE).tag(sync=True)

    @property
    def alt(self):
        """The figure in words for a reader without a kernel: what it shows, then the readout's numbers."""
        return f"{self.label}. {self.text}" if self.text else self.label


class AccessiblePanel:
    """Mixed into a widget's panel (before LivePanel or FigureWidget): `self.accessible` among its children, the
    panel's CSS class, and the saved PNG's alt text in the output's metadata {"image/png": {"alt": ...}}, the key
    that IPython's Image(alt=...) and nbconvert's templates use."""

    def accessible_panel(self, label):
        """Call once the panel exists: adds the helper with the figure's `label` (what it shows, in words)."""
        self.accessible = Accessible(label=label)
        self.control_classes = {}  # control: its CSS class, by its place in the panel (the same on every run)
        self.children = tuple(self.children) + (self.accessible,)
        self.add_class(PANEL_CLASS)
        self.describe(label=label)

    def name_controls(self, names):
        """Each control's name for a screen reader, {control: name}, in the lecture's symbols ("weight ω_43^[3]");
        also its tooltip, where ipywidgets shows one."""
        classes = dict(self.accessible.names)
        for control, name in names.items():
            css = self.control_classes.setdefault(control, f"lecture-control-{len(self.control_classes) + 1}")
            control.add_class(css)  # once: ipywidgets keeps a class only once
            control.tooltip = classes[css] = name
        self.accessible.names = classes

    def describe(self, text=None, label=None):
        """New words for the figure: `label` (what it shows), `text` (the readout's numbers, plain text)."""
        if label is not None:
            self.accessible.label = label
        if text is not None:
            self.accessible.text = text

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        return bundle, {"image/png": {"alt": self.accessible.alt}}
