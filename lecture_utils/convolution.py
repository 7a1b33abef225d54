"""A convolutional layer in the lecture's notation: channels c = 1..C_l of height × width images, a kernel K^[l]
of shape (C_l, C_{l−1}, k, k) and a bias b^[l] per channel. The forward pass is a cross-correlation (CV1), what
deep learning calls "convolution"; the backward pass turns it into a true convolution (the kernel flipped), eqs
(CV3)–(CV5) of notebook 19. Arrays hold one image (C, H, W) or a batch (C, H, W, N) with the samples last, as the
lecture's columns; array operations only (im2col: sliding windows, then one matrix product)."""
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _validate
from .activations import activation as _activation
from .cost import COSTS
from .layers import LayerDict
from .lemma1 import bias_gradient, weight_gradient
from .training import Parameter


# --- the three rules of a convolutional layer, each beside its forward rule ---------------------------------
def _check_images(a, what):
    if a.ndim not in (3, 4):
        raise ValueError(f"{what} must be one image (channels, height, width) or a batch (channels, height, width, "
                         f"N) with the samples last, not an array with {a.ndim} dimensions")


def _check_kernel(a, K, what="a^[l−1]"):
    if K.ndim != 4 or K.shape[2] != K.shape[3]:
        raise ValueError(f"a kernel K^[l] has shape (C_l, C_(l−1), k, k): channels out, channels in, a square "
                         f"k × k; not shape {K.shape}")
    _check_images(a, what)
    if a.shape[0] != K.shape[1]:
        raise ValueError(f"{what} has {a.shape[0]} channels but the kernel K^[l] of shape {K.shape} expects "
                         f"C_(l−1) = {K.shape[1]}")
    k = K.shape[-1]
    if a.shape[1] < k or a.shape[2] < k:
        raise ValueError(f"the kernel size k = {k} is larger than the {a.shape[1]} × {a.shape[2]} image "
                         f"(height × width) of {what}")


def _im2col(a, k):
    """The k × k windows of a (C, H, W[, N]) as the rows of a matrix (C k², h w [N]): row (c', p, q) holds
    a_{c',i+p−1,j+q−1} for every position (i, j) (and sample), so that (CV1) and (CV4) are matrix products."""
    windows = sliding_window_view(a, (k, k), axis=(1, 2))                 # (C, h, w[, N], k, k), no copy
    return np.moveaxis(windows, (-2, -1), (1, 2)).reshape(a.shape[0] * k * k, -1)   # one copy


def correlate(a, K):
    """z_{c,i,j} = Σ_{c',p,q} K_{c,c',p,q} a_{c',i+p−1,j+q−1}, eq (CV1) without b: the valid cross-correlation,
    (C_l, H − k + 1, W − k + 1[, N]) from (C_(l−1), H, W[, N]); im2col and one matrix product."""
    a, K = np.asarray(a), np.asarray(K)
    _check_kernel(a, K)
    C_out, k = K.shape[0], K.shape[-1]
    z = K.reshape(C_out, -1) @ _im2col(a, k)
    return z.reshape(C_out, a.shape[1] - k + 1, a.shape[2] - k + 1, *a.shape[3:])


def conv_weighted_input(K, b, a_prev):
    """z^[l] = K^[l] ⋆ a^[l−1] + b^[l], eq (CV1), the analogue of (19): one bias per channel."""
    z = correlate(a_prev, K)
    return z + np.reshape(b, (-1,) + (1,) * (z.ndim - 1))


def full_convolution(delta, K):
    """Σ_{c,i,j} δ_{c,i,j} K_{c,c',r−i+1,s−j+1}, the sum in (CV3): δ padded with k − 1 zeros all round and
    correlated with K flipped top-to-bottom and left-to-right, channels in and out swapped."""
    delta, K = np.asarray(delta), np.asarray(K)
    if delta.ndim not in (3, 4) or delta.shape[0] != K.shape[0]:
        raise ValueError(f"δ^[l] must have the C_l = {K.shape[0]} channels of K^[l], as (C_l, height, width) or "
                         f"(C_l, height, width, N), not shape {delta.shape}")
    k = K.shape[-1]
    padded = np.pad(delta, [(0, 0), (k - 1, k - 1), (k - 1, k - 1)] + [(0, 0)] * (delta.ndim - 3))
    return correlate(padded, np.flip(K, (-2, -1)).swapaxes(0, 1))


def conv_backward_step(K, delta, z_prev, prime):
    """δ^[l−1] = σ'(z^[l−1]) ∘ (full convolution of δ^[l] with K^[l]), eq (CV3), the analogue of (23)."""
    return prime(z_prev) * full_convolution(delta, K)


def kernel_gradient(delta, a_prev):
    """∂C/∂K_{c,c',p,q} = Σ_{i,j} δ_{c,i,j} a_{c',i+p−1,j+q−1}, eq (CV4), the analogue of (25): the input
    correlated with δ, one matrix product with im2col; for a batch (samples last), the mean, as Cost (9)."""
    delta, a_prev = np.asarray(delta), np.asarray(a_prev)
    _check_images(a_prev, "a^[l−1]")
    if delta.ndim != a_prev.ndim or delta.shape[3:] != a_prev.shape[3:]:
        raise ValueError(f"δ^[l] of shape {delta.shape} and a^[l−1] of shape {a_prev.shape} must hold the same "
                         f"samples")
    C_out, h = delta.shape[:2]
    k = a_prev.shape[1] - h + 1
    dK = (delta.reshape(C_out, -1) @ _im2col(a_prev, k).T).reshape(C_out, a_prev.shape[0], k, k)
    return dK if delta.ndim == 3 else dK / delta.shape[3]


def conv_bias_gradient(delta):
    """∂C/∂b_c = Σ_{i,j} δ_{c,i,j}, eq (CV5), the analogue of (24); for a batch (samples last), the mean."""
    delta = np.asarray(delta)
    per_sample = delta.sum(axis=(1, 2))
    return per_sample if delta.ndim == 3 else per_sample.mean(axis=1)


def weight_sharing_terms(delta, a_prev, c, c_in, p, q):
    """The terms δ_{c,i,j} a_{c',i+p−1,j+q−1} of (CV4) for one kernel weight K_{c,c',p,q} (1-based), one per
    position (i, j) where the weight is used: their sum is ∂C/∂K_{c,c',p,q}. One image (C, H, W)."""
    delta, a_prev = np.asarray(delta), np.asarray(a_prev)
    if delta.ndim != 3 or a_prev.ndim != 3:
        raise ValueError("weight_sharing_terms takes one image: δ^[l] (C_l, h, w) and a^[l−1] (C_(l−1), H, W)")
    h, w = delta.shape[-2:]
    k_rows, k_cols = a_prev.shape[1] - h + 1, a_prev.shape[2] - w + 1
    c = _validate.neuron("the channel c", c, delta.shape[0], "l")
    c_in = _validate.neuron("the channel c'", c_in, a_prev.shape[0], "l−1")
    p = _validate.neuron("the kernel row p", p, k_rows, "l")
    q = _validate.neuron("the kernel column q", q, k_cols, "l")
    return delta[c - 1] * a_prev[c_in - 1, p - 1:p - 1 + h, q - 1:q - 1 + w]


# --- 2 × 2 max pooling: the forward picks the largest, the backward routes δ to it --------------------------
def _corners(z):
    """The four entries of every 2 × 2 block as views (C, H/2, W/2[, N]): top left, top right, bottom left, bottom
    right."""
    _check_images(z, "the input of max pooling")
    C, H, W, *N = z.shape
    if H % 2 or W % 2:
        raise ValueError(f"2 × 2 max pooling needs an even height and width, not {H} × {W}")
    blocks = z.reshape(C, H // 2, 2, W // 2, 2, *N)
    return [blocks[:, :, r, :, s] for r in (0, 1) for s in (0, 1)]


def _winners(z):
    """The place 0..3 of each block's largest entry (the first of equal ones; compared by real part), by arithmetic
    on the four corners (numpy's where is many times slower here)."""
    corners = [np.real(corner) for corner in _corners(z)]
    best, place = corners[0], np.zeros(corners[0].shape, dtype=np.int8)
    for i, corner in enumerate(corners[1:], start=1):
        place += (corner > best) * (np.int8(i) - place)
        best = np.maximum(best, corner)
    return place


def max_pool(z):
    """The largest entry of each 2 × 2 block, (C, H/2, W/2[, N]) from (C, H, W[, N]); compared by real part, so
    that a complex step passes through (each entry is one corner times 1 plus the others times 0: exact)."""
    z = np.asarray(z)
    place = _winners(z)
    return sum(corner * (place == i) for i, corner in enumerate(_corners(z)))


def max_unpool(g, z):
    """The backward pass of max_pool at z: each entry of g goes to the place of its block's maximum (the first of
    equal ones), zeros elsewhere (the other entries did not move the output)."""
    z, g = np.asarray(z), np.asarray(g)
    place = _winners(z)
    out = np.empty(z.shape, dtype=np.result_type(g, float))
    for i, corner in enumerate(_corners(out)):
        np.multiply(g, place == i, out=corner)
    return out


# --- a convolutional network with the model protocol of training.fit ---------------------------------------
@dataclass
class ConvForward:
    """A forward pass: .a[l] for l = 1..L (images (C_l, H, W, N) for convolutional layers, columns (n_l, N) for
    dense ones, the samples last in both) and .z[l] for l = 2..L (before pooling)."""
    a: LayerDict
    z: LayerDict

    @property
    def output(self):
        return self.a[self.a.L]


@dataclass
class ConvGradients:
    """δ^[l] = ∂C/∂z^[l] for l = 2..L (per sample, eq (21)), ∂Cost/∂K^[l] and ∂Cost/∂b^[l] of the convolutional
    layers, ∂Cost/∂W^[l] and ∂Cost/∂b^[l] of the dense ones."""
    delta: LayerDict
    dK: LayerDict
    dW: LayerDict
    db: LayerDict


class ConvNetwork:
    """Layer 1 an image (C_1, H, W) given as columns of C_1·H·W pixels; layers 2..M convolutional, conv = [(C_l, k_l),
    ...], each a^[l] = ReLU(z^[l]) then, if pool, 2 × 2 max pooling; then dense layers of sizes `dense` with ReLU,
    the last a softmax with the cross-entropy. He initialisation, biases 0."""

    def __init__(self, image=(1, 8, 8), conv=((8, 3),), dense=(10,), pool=True, seed=None):
        if len(image) != 3:
            raise ValueError(f"image is (channels, height, width), not {image!r}")
        self.image = tuple(_validate.positive_int(s, n) for s, n in zip(("channels", "height", "width"), image))
        self.conv = tuple((_validate.positive_int("the channels C_l", c),
                           _validate.positive_int("the kernel size k", k)) for c, k in conv)
        self.dense = tuple(_validate.positive_int("n_l", n) for n in dense)
        if not self.conv or not self.dense:
            raise ValueError("a ConvNetwork needs at least one convolutional layer (conv) and one dense layer (dense)")
        self.pool = bool(pool)
        self.activation, self.cost_function = _activation("relu"), COSTS["cross_entropy"]
        self.M, self.L = 1 + len(self.conv), 1 + len(self.conv) + len(self.dense)
        self.shapes = {1: self.image}
        for l, (C, k) in enumerate(self.conv, start=2):
            _, H, W = self.shapes[l - 1]
            if k > H or k > W:
                raise ValueError(f"the kernel size k = {k} of layer {l} is larger than the {H} × {W} image "
                                 f"(height × width) of layer {l - 1}")
            if self.pool and ((H - k + 1) % 2 or (W - k + 1) % 2):
                raise ValueError(f"2 × 2 max pooling at layer {l} needs an even height and width, but z^[{l}] is "
                                 f"{H - k + 1} × {W - k + 1}")
            self.shapes[l] = (C, (H - k + 1) // (1 + self.pool), (W - k + 1) // (1 + self.pool))
        sizes = [int(np.prod(self.shapes[self.M]))] + list(self.dense)
        M, L = self.M, self.L
        K_shapes = {l: (C, self.shapes[l - 1][0], k, k) for l, (C, k) in enumerate(self.conv, start=2)}
        W_shapes = {l: (sizes[l - M], sizes[l - M - 1]) for l in range(M + 1, L + 1)}
        b_shapes = {**{l: (s[0],) for l, s in K_shapes.items()}, **{l: (s[0],) for l, s in W_shapes.items()}}
        self.K = LayerDict("K^[l]", 2, M, shapes=K_shapes)
        self.W = LayerDict("W^[l]", M + 1, L, shapes=W_shapes)
        self.b = LayerDict("b^[l]", 2, L, shapes=b_shapes)
        rng = np.random.default_rng(seed)
        for l, s in K_shapes.items():
            self.K[l] = np.sqrt(2.0 / np.prod(s[1:])) * rng.standard_normal(s)
        for l, s in W_shapes.items():
            self.W[l] = np.sqrt((1.0 if l == L else 2.0) / s[1]) * rng.standard_normal(s)
        for l, s in b_shapes.items():
            self.b[l] = np.zeros(s)

    @property
    def n_parameters(self):
        """How many kernel weights, weights and biases there are."""
        return sum(v.size for d in (self.K, self.W, self.b) for v in d.values())

    def __repr__(self):
        return (f"ConvNetwork(image={self.image}, conv={list(self.conv)}, dense={list(self.dense)}, "
                f"pool={self.pool})")

    def copy(self):
        """An independent copy: changing one network's parameters leaves the other's alone."""
        new = object.__new__(ConvNetwork)
        new.__dict__.update(self.__dict__)
        new.K, new.W, new.b = self.K.copy(), self.W.copy(), self.b.copy()
        return new

    # --- data -------------------------------------------------------------------------------------------
    def check_input(self, x):
        """x as one image or a batch, as columns of C·H·W pixels (rows of each channel in turn), or a ValueError."""
        x = _validate.finite_array("x", x)
        C, H, W = self.image
        if x.ndim not in (1, 2) or x.shape[0] != C * H * W or (x.ndim == 2 and x.shape[1] == 0):
            raise ValueError(f"x must be one image of {C} channel(s) × height {H} × width {W} as a column of "
                             f"{C * H * W} pixels, or a batch of shape ({C * H * W}, N) with one image per column; "
                             f"not shape {x.shape}")
        return x

    def check_data(self, x, y):
        """x and y as matching samples for layers 1 and L, or a ValueError in the lecture's terms."""
        x = self.check_input(x)
        return x, _validate.matching_target(x, y, self.dense[-1], self.L)

    def images(self, X):
        """The columns of X as a batch of images (C, H, W, N): each column's pixels, channel by channel, row by row."""
        return X.reshape(*self.image, X.shape[1])

    # --- the mathematics ----------------------------------------------------------------------------------
    def _forward(self, X, start=1, z_start=None, K=None, W=None, b=None):
        K, W, b = (self.K if K is None else K), (self.W if W is None else W), (self.b if b is None else b)
        L, M, f = self.L, self.M, self.activation.f
        a, z = LayerDict("a^[l]", 1, L), LayerDict("z^[l]", 2, L)
        if start == 1:
            a[1] = self.images(X)
        for l in range(max(start, 2), L + 1):
            if l == start:
                z[l] = z_start
            elif l <= M:
                z[l] = conv_weighted_input(K[l], b[l], a[l - 1])                        # (CV1)
            else:
                a_prev = a[l - 1] if l > M + 1 else a[M].reshape(-1, a[M].shape[-1])       # flatten: columns
                z[l] = W[l] @ a_prev + b[l][:, None]                                       # (19)
            if l <= M:
                a[l] = max_pool(f(z[l])) if self.pool else f(z[l])                         # (20), then pooling
            else:
                a[l] = self.cost_function.output_activation(z[l]) if l == L else f(z[l])
        return ConvForward(a, z)

    def forward(self, x):
        """The forward pass: .a[l], .z[l]; x holds images as columns (a single column is a batch of one)."""
        x = self.check_input(x)
        return self._forward(x.reshape(x.shape[0], -1))

    def output(self, x):
        """a^[L] for x: one column per sample."""
        out = self.forward(x).output
        return out[:, 0] if np.ndim(x) == 1 else out

    def predict(self, x):
        """The category of each sample: the (1-based) number of the largest output neuron."""
        return np.argmax(self.output(x), axis=0) + 1

    def _cost(self, fp, Y):
        return np.mean(self.cost_function.per_sample(fp.output, Y.reshape(Y.shape[0], -1)))

    def cost(self, X, Y):
        """Cost (9), the mean cross-entropy over the columns of X, Y (C of one sample for a single column)."""
        X, Y = self.check_data(X, Y)
        return float(np.real(self._cost(self._forward(X.reshape(X.shape[0], -1)), Y)))

    def cost_with(self, symbol, l, value, X, Y):
        """Cost (9) with the whole array K^[l], W^[l] or b^[l] (symbol "K", "W" or "b") set to value, the network
        itself unchanged; complex when value is (the complex step reads its imaginary part)."""
        X, Y = self.check_data(X, Y)
        stores = {"K": self.K, "W": self.W, "b": self.b}
        if symbol not in stores:
            raise ValueError(f"symbol must be 'K', 'W' or 'b', not {symbol!r}")
        changed = {name: store.copy() for name, store in stores.items()}
        changed[symbol][l] = value
        return self._cost(self._forward(X.reshape(X.shape[0], -1), **changed), Y)

    def cost_from(self, l, z, X, Y):
        """C as a function of z^[l] alone: the forward pass from layer l on, with z^[l] = z (one image's (C_l, h, w)
        or a dense layer's (n_l,), for the single sample x, y): what δ^[l] = ∂C/∂z^[l] of (21) differentiates."""
        x, y = self.check_data(X, Y)
        if x.ndim != 1:
            raise ValueError("cost_from takes one sample x, y: δ^[l] of (21) belongs to a single sample's C")
        l = _validate.layer(l, 2, self.L, "z^[l]")
        z = np.asarray(z)
        expected = self._forward(x[:, None]).z[l].shape[:-1]
        if z.shape != expected:
            raise ValueError(f"z^[{l}] of one sample has shape {expected}, not {z.shape}")
        z = z[..., None]
        return self._cost(self._forward(x[:, None], start=l, z_start=z), y[:, None])

    def _backward(self, fp, Y):
        L, M, prime = self.L, self.M, self.activation.prime
        delta = LayerDict("δ^[l]", 2, L)
        delta[L] = self.cost_function.output_error(fp.z[L], fp.a[L], Y)                # a^[L] − y
        for l in range(L - 1, 1, -1):
            if l >= M + 1:
                delta[l] = prime(fp.z[l]) * (self.W[l + 1].T @ delta[l + 1])           # (23)
                continue
            if l == M:
                g = (self.W[l + 1].T @ delta[l + 1]).reshape(fp.a[l].shape)            # un-flatten (23)
            else:
                g = full_convolution(delta[l + 1], self.K[l + 1])                      # (CV3)
            delta[l] = prime(fp.z[l]) * (max_unpool(g, fp.z[l]) if self.pool else g)
        a_prev = {M + 1: fp.a[M].reshape(-1, fp.a[M].shape[-1])}
        dK = LayerDict("∂C/∂K^[l]", 2, M, {l: kernel_gradient(delta[l], fp.a[l - 1]) for l in range(2, M + 1)})
        dW = LayerDict("∂C/∂W^[l]", M + 1, L, {l: weight_gradient(delta[l], a_prev.get(l, fp.a[l - 1]))
                                               for l in range(M + 1, L + 1)})
        db = LayerDict("∂C/∂b^[l]", 2, L, {l: conv_bias_gradient(delta[l]) if l <= M else bias_gradient(delta[l])
                                           for l in range(2, L + 1)})
        return ConvGradients(delta, dK, dW, db)

    def gradients(self, x, y):
        """Backpropagation through the layers: δ^[l] (eq (21): images for l ≤ M, columns above), and the gradients
        (CV4), (CV5), (24), (25) of C (one sample) or of Cost (9) (a batch, one column per sample)."""
        x, y = self.check_data(x, y)
        g = self._backward(self._forward(x.reshape(x.shape[0], -1)), y.reshape(y.shape[0], -1))
        if x.ndim == 1:
            for l in g.delta:
                g.delta[l] = g.delta[l][..., 0]
        return g

    # --- what the training loop (training.fit) needs --------------------------------------------------------
    def trainable(self):
        """K^[l], then W^[l] (with weight decay), then every b^[l] (without)."""
        return ([Parameter(f"K^[{l}]", self.K[l], decays=True) for l in self.K]
                + [Parameter(f"W^[{l}]", self.W[l], decays=True) for l in self.W]
                + [Parameter(f"b^[{l}]", self.b[l], decays=False) for l in self.b])

    def trainable_gradients(self, X, Y):
        """∂Cost/∂p of Cost (9) on the batch X, Y for each of trainable(), in the same order."""
        if np.ndim(X) != 2 or np.ndim(Y) != 2:
            raise ValueError("a mini-batch X must have shape (C·H·W, N), one image per column, and Y (n_L, N)")
        g = self._backward(self._forward(X), Y)
        return [g.dK[l] for l in self.K] + [g.dW[l] for l in self.W] + [g.db[l] for l in self.b]

    def parameters_finite(self):
        """Whether every kernel weight, weight and bias is a finite number."""
        return all(np.isfinite(v).all() for d in (self.K, self.W, self.b) for v in d.values())
