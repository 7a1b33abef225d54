"""lecture_utils: the mathematics of Lecture 5 (backpropagation), one module per idea, numbered as the lecture."""
from .activations import ACTIVATIONS, Activation, relu, relu_prime, sigma, sigma_prime, tanh, tanh_prime
from .cost import COSTS, Cost, cross_entropy_cost, mean_cost, single_sample_cost, softmax
from .data import categories, higham_data
from .derivative_checks import (central_difference, complex_step, numerical_gradients, parameters,
                                relative_error)
from .diagonal import D, backward_step_diagonal, delta_expanded, error_propagator, output_error_diagonal
from .forward import ForwardPass, forward_pass, weighted_input
from .layers import LayerDict, neurons_downstream
from .lemma1 import Gradients, backpropagate, backward_step, bias_gradient, output_error, weight_gradient
from .network import Network
from .plotting import (cost_along, decision_grid, draw_network, neuron_positions, parameter_symbol, plot_cost_along,
                       plot_cost_history, plot_data, plot_decision_regions, plot_delta_history, plot_nudge,
                       plot_sigmoid, plot_single_sample_costs, plot_single_sample_steps, plot_step_size_errors,
                       use_lecture_style)
from .stochastic_gradient import DivergenceError, History, delta_norms, sample_indices, sgd, sgd_pseudocode

__all__ = [name for name in dir() if not name.startswith("_")]
