"""Figures of a convolutional layer: weight sharing (one kernel weight's gradient (CV4) as a sum over the positions
where it is used) and the kernels K^[l] as small pictures."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ..convolution import weight_sharing_terms
from .descriptions import describe, figure_number
from .style import COLORS


def _signed_image(ax, values, title):
    """values in the series' diverging colours, 0 white, with a symmetric scale and a colour bar."""
    top = max(float(np.abs(values).max()), 1e-300)
    image = ax.imshow(values, cmap="RdBu_r", vmin=-top, vmax=top)
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    return image


def plot_weight_sharing(a_prev, delta, c=1, c_in=1, p=1, q=1, l=2, axes=None):
    """Three panels for one kernel weight K_{c,c',p,q}: the input channel a^[l−1]_{c'} with the pixels that weight
    multiplies framed, δ^[l]_c, and the terms δ_{c,i,j} a_{c',i+p−1,j+q−1} whose sum is ∂C/∂K_{c,c',p,q}, eq (CV4).
    One image: a_prev (C_(l−1), H, W), delta (C_l, h, w) of layer l. Returns the three axes."""
    terms = weight_sharing_terms(delta, a_prev, c, c_in, p, q)
    h, w = terms.shape
    if axes is None:
        axes = plt.figure(figsize=(15, 4.6)).subplots(1, 3)
    ax_a, ax_d, ax_t = axes
    ax_a.imshow(np.asarray(a_prev)[c_in - 1], cmap="gray_r", vmin=0, vmax=max(1.0, float(np.max(a_prev))))
    ax_a.add_patch(Rectangle((q - 1.5, p - 1.5), w, h, fill=False, ec=COLORS["highlight"], lw=3))
    ax_a.set_title(rf"$a^{{[{l - 1}]}}_{{{c_in}}}$: pixels $K^{{[{l}]}}_{{{c}{c_in}{p}{q}}}$ meets")
    ax_a.set_xticks([])
    ax_a.set_yticks([])
    _signed_image(ax_d, np.asarray(delta)[c - 1], rf"$\delta^{{[{l}]}}_{{{c}}}$, one per position $(i, j)$")
    _signed_image(ax_t, terms, rf"terms $\delta_{{{c}ij}}\, a_{{{c_in},i+{p - 1},j+{q - 1}}}$: "
                               rf"sum $= {terms.sum():.3g}$")
    a, d = np.asarray(a_prev)[c_in - 1], np.asarray(delta)[c - 1]
    describe(ax_a, f"The input channel as a {a.shape[0]} by {a.shape[1]} grey picture, values from "
                   f"{figure_number(a.min())} to {figure_number(a.max())}, a red frame around the {h} by {w} pixels "
                   f"that the kernel weight multiplies, from row {p} and column {q}")
    describe(ax_d, f"δ as a {h} by {w} picture in red (positive) and blue (negative), from {figure_number(d.min())} "
                   f"to {figure_number(d.max())}")
    describe(ax_t, f"The {h * w} products of δ with the framed pixels, from {figure_number(terms.min())} to "
                   f"{figure_number(terms.max())}; their sum, ∂C/∂K, is {figure_number(terms.sum(), 3)}, eq (CV4)")
    return axes


def plot_kernels(K, fig=None):
    """The kernels K^[l]_{c,c'} as k × k pictures, one column per output channel c and one row per input channel
    c', on one symmetric colour scale (red positive, blue negative). Returns the figure."""
    K = np.asarray(K)
    C_out, C_in = K.shape[:2]
    fig = fig or plt.figure(figsize=(1.6 * C_out + 1.2, 1.8 * C_in + 0.4))
    axes = fig.subplots(C_in, C_out, squeeze=False)
    top = max(float(np.abs(K).max()), 1e-300)
    for (ci, c), ax in np.ndenumerate(axes):
        image = ax.imshow(K[c, ci], cmap="RdBu_r", vmin=-top, vmax=top)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if ci == 0:
            ax.set_title(f"c = {c + 1}", fontsize=13)
    fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8)
    return describe(fig, f"{C_out * C_in} kernels of {K.shape[2]} by {K.shape[3]} weights as pictures, one column per "
                         f"output channel, on one scale from {figure_number(-top)} (blue) to {figure_number(top)} "
                         f"(red): " + "; ".join(f"c = {c + 1}, input channel {ci + 1}: from "
                                                f"{figure_number(K[c, ci].min())} to {figure_number(K[c, ci].max())}"
                                                for c in range(C_out) for ci in range(C_in)))
