"""Text alternatives for the figures. Each plot_* function says what it drew, with the numbers that matter, from the
arrays it plotted (describe); a figure's alt text is its title and its axes' titles and descriptions (alt_text);
and IPython sends a displayed figure with that text as metadata["image/png"]["alt"] (register_alt_text), the key of
IPython's own Image(alt=...), which nbconvert's templates and the series' JupyterLab extension put on the <img>.

Numbers are said to 2 significant digits (figure_number), never to the digits that rounding changes, so the saved
alt text is the same on every machine."""
import re

import numpy as np

_KEY = "_lecture_descriptions"


def figure_number(v, digits=2):
    """v to `digits` significant digits, as a reader says it: 0.28, 3.5e-5, 120, 1.2e5; an int stays exact."""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if np.isnan(v):
        return "not a number"
    if np.isinf(v):
        return "infinite" if v > 0 else "minus infinite"
    if v == 0:
        return "0"
    mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
    e = int(exponent)
    if -3 <= e < 4:
        return f"{float(mantissa) * 10.0 ** e:.{max(digits - 1 - e, 0)}f}"
    return f"{mantissa.rstrip('0').rstrip('.')}e{e}"


def decade(v, about=True):
    """A positive number said only by its power of ten, as errors near rounding level must be (they vary by CPU)."""
    if v <= 1e-16:
        return "at rounding level (1e-16 or below)"
    return ("about " if about else "") + f"1e{int(np.round(np.log10(v)))}"


def style_name(linestyle):
    """A line's dash pattern in words: '--' is 'dashed'."""
    return {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dot"}.get(linestyle, "patterned")


def numbers(values, digits=2):
    """Several values said as a list: (0.1, 0.25, 3)."""
    return "(" + ", ".join(figure_number(v, digits) for v in np.ravel(values)) + ")"


def span(values, digits=2):
    """How a sequence goes, first to last: 'from 0.28 to 3.5e-5'."""
    values = np.ravel(np.asarray(values, dtype=float))
    return f"from {figure_number(values[0], digits)} to {figure_number(values[-1], digits)}"


_TEX = [(r"\|", "‖"), (r"\delta", "δ"), (r"\Delta", "Δ"), (r"\omega", "ω"), (r"\eta", "η"), (r"\sigma", "σ"),
        (r"\Sigma", "Σ"), (r"\lambda", "λ"), (r"\nabla", "∇"), (r"\partial", "∂"), (r"\mu", "μ"), (r"\cdot", "·"),
        (r"\,", " "), (r"\ ", " "), (r"\mathrm", ""), (r"\left", ""), (r"\right", ""), ("\\", "")]


def plain(text):
    """Matplotlib mathtext as a screen reader can say it: $\\|\\delta^{[l]}\\|$ becomes ‖δ^[l]‖."""
    text = str(text).replace("$", "")
    for tex, said in _TEX:
        text = text.replace(tex, said)
    text = re.sub(r"([_^])\{([^{}]*)\}", r"\1\2", text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def describe(target, text):
    """Attach a sentence saying what a figure shows to the axes (or figure) it is drawn on; returns the target.
    Every plot_* function does so; call it for what a notebook draws itself: lu.describe(ax, "...")."""
    text = plain(text).strip()
    if text:
        if not hasattr(target, _KEY):
            setattr(target, _KEY, [])
        getattr(target, _KEY).append(text if text.endswith((".", "!", "?")) else text + ".")
    return target


def description(target):
    """The sentences attached to an axes or figure by describe, as one text ('' when none)."""
    return " ".join(getattr(target, _KEY, []))


def _is_colorbar(ax):
    return getattr(ax, "_colorbar", None) is not None or ax.get_label() == "<colorbar>"


def _fallback(ax):
    """What an undescribed axes can say for itself: its axis labels."""
    x, y = plain(ax.get_xlabel()), plain(ax.get_ylabel())
    return f"{y} against {x}." if x and y else ""


def alt_text(fig):
    """A figure's text alternative: its title and description, then each panel's title and description (describe;
    a panel without one says its axis labels, unless the figure's own description covers it); None when the figure
    says nothing. Widgets use it for their saved picture too."""
    parts = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        parts.append(plain(suptitle.get_text()) + ".")
    if description(fig):
        parts.append(description(fig))
    panels = []
    for ax in fig.axes:
        if not ax.get_visible() or _is_colorbar(ax):
            continue
        if description(fig) and not description(ax):
            continue
        title, text = plain(ax.get_title()), description(ax) or _fallback(ax)
        if title or text:
            panels.append(f"{title}: {text}" if title and text else title + ("." if title else "") + text)
    if len(panels) > 1:
        panels = [f"Panel {i} of {len(panels)}, {panel}" for i, panel in enumerate(panels, start=1)]
    parts += panels
    return " ".join(parts) or None


_WRAPPED = "_lecture_alt_text"


def _with_alt(printer):
    """A figure printer of IPython's display formatter that adds alt_text to the metadata it returns."""
    if getattr(printer, _WRAPPED, False):
        return printer

    def print_with_alt(fig, *args, **kwargs):
        printed = printer(fig, *args, **kwargs)
        alt = alt_text(fig) if printed is not None else None
        if alt is None:
            return printed
        data, metadata = printed if isinstance(printed, tuple) else (printed, None)
        return data, {**(metadata or {}), "alt": alt}

    setattr(print_with_alt, _WRAPPED, True)
    return print_with_alt


def _wrap_figure_printers(shell):
    """Wrap whichever PNG and JPEG printers for matplotlib figures are registered now (inline backend, retina...)."""
    from matplotlib.figure import Figure
    for mime in ("image/png", "image/jpeg"):
        formatter = shell.display_formatter.formatters.get(mime)
        try:
            printer = formatter.lookup_by_type(Figure)
        except (AttributeError, KeyError):
            continue
        formatter.for_type(Figure, _with_alt(printer))


def register_alt_text(shell=None):
    """Make IPython send every matplotlib figure it displays with alt_text(fig) in its metadata (image/png "alt").
    It wraps the figure printers of the inline backend, keeping retina and sizes, again before each cell runs, as
    `%matplotlib inline` or `%config InlineBackend.figure_formats` register new ones. False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    _wrap_figure_printers(shell)
    callbacks = shell.events.callbacks.get("pre_execute", [])
    if not any(getattr(c, _WRAPPED, False) for c in callbacks):
        def rewrap():
            _wrap_figure_printers(shell)
        setattr(rewrap, _WRAPPED, True)
        shell.events.register("pre_execute", rewrap)
    return True
