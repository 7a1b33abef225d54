"""Batch normalisation of the weighted inputs z^[l], one column per sample: the batch mean and variance (BN1),
(BN2), ẑ (BN3), γ ∘ ẑ + β (BN4); the backward pass through μ and σ² (BN5)–(BN8), whose sum is the three-term
formula (BN9); running statistics for evaluation (BN10); and a network with it in every hidden layer that trains
in lu.fit."""
from dataclasses import dataclass

import numpy as np

from . import _validate
from .layers import LayerDict
from .lemma1 import weight_gradient
from .models import ModelGradients, StoredParameters
from .network import Network


# --- the forward pass of one normalisation, for a batch Z of shape (n_l, N) -------------------------------------
def batch_mean(z):
    """μ = (1/N) Σ_i z^{i}, eq (BN1): the mean of each neuron's weighted input over the batch."""
    return z.mean(axis=1)


def batch_variance(z, mu):
    """σ² = (1/N) Σ_i (z^{i} − μ)², eq (BN2), neuron by neuron (divided by N, not N − 1)."""
    return ((z - mu[:, None]) ** 2).mean(axis=1)


def normalise(z, mu, var, eps):
    """ẑ = (z − μ) / √(σ² + ε), eq (BN3): every neuron's batch of weighted inputs with mean 0 and variance ≈ 1."""
    return (z - mu[:, None]) / np.sqrt(var + eps)[:, None]


def scale_shift(z_hat, gamma, beta):
    """u = γ ∘ ẑ + β, eq (BN4): the spread γ and the level β that training chooses, one pair per neuron."""
    return gamma[:, None] * z_hat + beta[:, None]


# --- the backward pass, from g = ∂C/∂u ----------------------------------------------------------------------
def gamma_gradient(g, z_hat):
    """∂C/∂γ = Σ_i g^{i} ∘ ẑ^{i}, eq (BN5), with g = ∂C/∂u: every sample's u^{i} depends on γ."""
    return (g * z_hat).sum(axis=1)


def beta_gradient(g):
    """∂C/∂β = Σ_i g^{i}, eq (BN5), with g = ∂C/∂u."""
    return g.sum(axis=1)


def variance_gradient(g_hat, z, mu, var, eps):
    """∂C/∂σ² = −½ (σ² + ε)^{−3/2} Σ_i ĝ^{i} ∘ (z^{i} − μ), eq (BN6), with ĝ = ∂C/∂ẑ = γ ∘ ∂C/∂u."""
    return -0.5 * (var + eps) ** -1.5 * (g_hat * (z - mu[:, None])).sum(axis=1)


def mean_gradient(g_hat, var, eps):
    """∂C/∂μ = −(σ² + ε)^{−1/2} Σ_i ĝ^{i}, eq (BN7): the path through σ² adds ∂C/∂σ² · (−2/N) Σ_i (z^{i} − μ) = 0."""
    return -g_hat.sum(axis=1) / np.sqrt(var + eps)


def input_gradient_by_paths(g_hat, z, mu, var, eps):
    """∂C/∂z^{i} as the sum of its three paths, eq (BN8): directly through ẑ^{i}, through σ², through μ."""
    N = z.shape[1]
    direct = g_hat / np.sqrt(var + eps)[:, None]
    through_var = variance_gradient(g_hat, z, mu, var, eps)[:, None] * 2 * (z - mu[:, None]) / N
    through_mean = mean_gradient(g_hat, var, eps)[:, None] / N
    return direct + through_var + through_mean


def input_gradient(g_hat, z_hat, var, eps):
    """∂C/∂z = (σ² + ε)^{−1/2} (ĝ − mean_i ĝ − ẑ ∘ mean_i(ĝ ∘ ẑ)), eq (BN9): the three-term formula."""
    mean = lambda v: v.mean(axis=1, keepdims=True)  # noqa: E731 - the mean over the batch, one per neuron
    return (g_hat - mean(g_hat) - z_hat * mean(g_hat * z_hat)) / np.sqrt(var + eps)[:, None]


def running_update(running, batch, momentum):
    """m → (1 − momentum) m + momentum · (batch value), eq (BN10): the running mean or variance for evaluation."""
    return (1.0 - momentum) * running + momentum * batch


# --- a network with batch normalisation in every hidden layer --------------------------------------------------
@dataclass
class BatchNormPass:
    """A forward pass with normalisation: a[l] (l = 1..L), z[l] (l = 2..L), and for the hidden layers l = 2..L−1
    the normalised ẑ (z_hat), u = γ ∘ ẑ + β, and the statistics used (mu, var: the batch's or the running ones)."""
    a: LayerDict
    z: LayerDict
    z_hat: dict
    u: dict
    mu: dict
    var: dict

    @property
    def output(self):
        """a^[L], the network's output."""
        return self.a[self.a.L]


class BatchNormNetwork(StoredParameters):
    """Layers 1..L with batch normalisation in each hidden layer l = 2..L−1: z^[l] = W^[l] a^[l−1], then (BN1)–(BN4)
    and a^[l] = σ(u^[l]); the output layer is ordinary, a^[L] = σ(W^[L] a^[L−1] + b^[L]). No b^[l] in the hidden
    layers: (BN3) subtracts every constant added to z^[l], and β^[l] takes its place. W^[l] and b^[L] start as those
    of lu.Network with the same arguments; γ^[l] = 1, β^[l] = 0; the running mean 0 and variance 1. `training`:
    True uses the batch's statistics (and trainable_gradients updates the running ones, eq (BN10)); False (the
    start) uses the running ones."""

    def __init__(self, sizes, seed=None, scale=0.5, activation="sigmoid", cost="quadratic", init="normal",
                 eps=1e-5, momentum=0.1, output=None):
        net = Network(sizes, seed=seed, scale=scale, activation=activation, cost=cost, init=init, output=output)
        if net.L < 3:
            raise ValueError(f"batch normalisation acts on hidden layers l = 2..L−1: a network needs L >= 3 layers, "
                             f"not L = {net.L}")
        self.eps = _validate.positive_finite("eps (the ε of (BN3))", eps)
        self.momentum = _validate.positive_finite("momentum (of the running statistics (BN10))", momentum)
        if self.momentum > 1:
            raise ValueError(f"momentum (of the running statistics (BN10)) must lie in (0, 1], not {momentum!r}")
        self.output_activation = net.output_activation  # layer L's own: σ, linear (notebook 12) or softmax
        self.sizes, self.activation, self.cost_function, self.check_data = (net.sizes, net.activation,
                                                                            net.cost_function, net.check_data)
        self.hidden = range(2, net.L)
        self.W = net.W
        self.b = {net.L: net.b[net.L]}
        self.gamma = {l: np.ones(net.n(l)) for l in self.hidden}
        self.beta = {l: np.zeros(net.n(l)) for l in self.hidden}
        self.running_mean = {l: np.zeros(net.n(l)) for l in self.hidden}
        self.running_var = {l: np.ones(net.n(l)) for l in self.hidden}
        self.training = False

    @property
    def L(self):
        """The number of layers, counting the input layer 1."""
        return len(self.sizes)

    def __repr__(self):
        return (f"BatchNormNetwork({list(self.sizes)}, activation={self.activation.name!r}, eps={self.eps:g}, "
                f"{'training' if self.training else 'evaluation'} mode)")

    def parameter_stores(self):
        """Symbol → (store, l) for every trainable array, in the order of trainable()."""
        L = self.L
        return {**{f"W^[{l}]": (self.W, l) for l in range(2, L + 1)}, f"b^[{L}]": (self.b, L),
                **{f"γ^[{l}]": (self.gamma, l) for l in self.hidden},
                **{f"β^[{l}]": (self.beta, l) for l in self.hidden}}

    # --- what lu.fit needs -----------------------------------------------------------------------------------
    def trainable_gradients(self, X, Y):
        """∂Cost/∂p of Cost (9) on the batch for each of trainable(); in training mode this also moves the running
        statistics towards the batch's, eq (BN10)."""
        X, Y = self._data(X, Y)
        fp = self._forward(X)
        if self.training:
            for l in self.hidden:
                self.running_mean[l] = running_update(self.running_mean[l], fp.mu[l], self.momentum)
                self.running_var[l] = running_update(self.running_var[l], fp.var[l], self.momentum)
        return self._backward(fp, Y).values

    def copy(self):
        """An independent copy (parameters and running statistics), in the same mode."""
        new = object.__new__(BatchNormNetwork)
        new.__dict__.update(self.__dict__)
        for name in ("W", "b", "gamma", "beta", "running_mean", "running_var"):
            setattr(new, name, {l: v.copy() for l, v in getattr(self, name).items()})
        new.W = LayerDict("W^[l]", 2, self.L, new.W)
        return new

    # --- the mathematics -------------------------------------------------------------------------------------
    def _forward(self, x):
        L, f = self.L, self.activation.f
        if self.training and x.shape[1] < 2:
            raise ValueError("in training mode batch normalisation needs a batch of at least 2 samples (columns): "
                             "the batch variance (BN2) of one sample is 0")
        a = LayerDict("a^[l]", 1, L, {1: x})
        z = LayerDict("z^[l]", 2, L)
        z_hat, u, mu, var = {}, {}, {}, {}
        for l in self.hidden:
            z[l] = self.W[l] @ a[l - 1]                                           # (19) without b^[l]
            if self.training:
                mu[l] = batch_mean(z[l])                                          # (BN1)
                var[l] = batch_variance(z[l], mu[l])                              # (BN2)
            else:
                mu[l], var[l] = self.running_mean[l], self.running_var[l]
            z_hat[l] = normalise(z[l], mu[l], var[l], self.eps)                   # (BN3)
            u[l] = scale_shift(z_hat[l], self.gamma[l], self.beta[l])             # (BN4)
            a[l] = f(u[l])                                                        # (20) of u
        z[L] = self.W[L] @ a[L - 1] + self.b[L][:, None]
        a[L] = self.output_activation.f(z[L])
        return BatchNormPass(a, z, z_hat, u, mu, var)

    def _batch(self, x):
        x = _validate.samples("x", x, self.sizes[0], 1, "n_1")
        return x if x.ndim == 2 else x[:, None]

    def _data(self, X, Y):
        X, Y = self.check_data(X, Y)
        return (X, Y) if X.ndim == 2 else (X[:, None], Y[:, None])

    def forward(self, x):
        """The forward pass in the current mode: .a[l], .z[l] and, for hidden layers, .z_hat, .u, .mu, .var."""
        return self._forward(self._batch(x))

    def output(self, x):
        """a^[L] for x in the current mode: one column per sample."""
        out = self.forward(x).output
        return out[:, 0] if np.ndim(x) == 1 else out

    def cost(self, X, Y):
        """Cost (9) over the columns of X, Y in the current mode (complex when a parameter is, for a complex step)."""
        X, Y = self._data(X, Y)
        return np.mean(self.cost_function.per_sample(self._forward(X).output, Y))

    def _backward(self, fp, Y):
        L, N = self.L, Y.shape[1]
        prime = self.activation.prime
        D = LayerDict("N ∂Cost/∂z^[l]", 2, L)
        D[L] = self.cost_function.output_error(fp.z[L], fp.a[L], Y, self.output_activation.prime) / N   # (22), with the 1/N of (9)
        grads = {f"W^[{L}]": weight_gradient(D[L], fp.a[L - 1]) * N, f"b^[{L}]": D[L].sum(axis=1)}
        for l in range(L - 1, 1, -1):
            g = prime(fp.u[l]) * (self.W[l + 1].T @ D[l + 1])                     # ∂Cost/∂u^[l], as (23)
            grads[f"γ^[{l}]"], grads[f"β^[{l}]"] = gamma_gradient(g, fp.z_hat[l]), beta_gradient(g)   # (BN5)
            g_hat = self.gamma[l][:, None] * g                                     # ∂Cost/∂ẑ^[l]
            if self.training:
                D[l] = input_gradient(g_hat, fp.z_hat[l], fp.var[l], self.eps)     # (BN9)
            else:
                D[l] = g_hat / np.sqrt(fp.var[l] + self.eps)[:, None]              # fixed μ, σ²: one path
            grads[f"W^[{l}]"] = D[l] @ fp.a[l - 1].T                               # (25), summed over the batch
        delta = LayerDict("δ^[l]", 2, L, {l: N * D[l] for l in range(2, L + 1)})
        symbols = list(self.parameter_stores())
        return ModelGradients(delta, symbols, [grads[s] for s in symbols])

    def gradients(self, X, Y):
        """δ^[l] = ∂C/∂z^[l] (21) for l = 2..L, column i being N ∂Cost/∂z^[l]{i} (which is the sample's own δ of
        Lemma 1 when nothing couples the samples), and ∂Cost/∂p for trainable(); in the current mode, with no
        change to the running statistics."""
        X, Y = self._data(X, Y)
        return self._backward(self._forward(X), Y)
