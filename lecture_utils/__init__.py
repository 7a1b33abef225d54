"""lecture_utils: the mathematics of Lecture 5 (backpropagation), one module per idea, numbered as the lecture."""
from .activations import ACTIVATIONS, Activation, relu, relu_prime, sigma, sigma_prime, tanh, tanh_prime
from .cost import COSTS, Cost, cross_entropy_cost, mean_cost, single_sample_cost, softmax
from .data import categories, higham_data
from .derivative_checks import (ROUNDING, agreement, central_difference, complex_step, numerical_gradients,
                                parameters, relative_error)
from .diagonal import D, backward_step_diagonal, delta_expanded, error_propagator, output_error_diagonal
from .forward import ForwardPass, forward_pass, weighted_input
from .layers import LayerDict, neurons_downstream
from .lemma1 import Gradients, ParameterGradients, backpropagate, backward_step, bias_gradient, output_error, weight_gradient
from .network import Network
from .plotting import (cost_along, decision_grid, draw_network, neuron_positions, parameter_symbol, plot_cost_along,
                       plot_cost_history, plot_data, plot_decision_regions, plot_delta_history, plot_nudge,
                       plot_sigmoid, plot_single_sample_costs, plot_single_sample_steps, plot_step_size_errors,
                       use_lecture_style)
from .scenarios import SCENARIOS, Scenario, scenario
from .stochastic_gradient import DivergenceError, History, delta_norms, sample_indices, sgd, sgd_pseudocode

# Beyond Lemma 1 (notebooks 08-12): cross-entropy, initialisation, learning rate, vanishing errors, overfitting, digits
from .cross_entropy import (output_error_by_definition, output_error_chain_rule, output_error_cross_entropy,
                            output_error_eq22_misused, softmax_jacobian)
from .curvature import AlongDirection, descent_along, gradient_vector, hessian, parameter_vector, sharpness, with_parameters
from .datasets import digit_image, digits_data, noisy_data, one_hot, wave_boundary
from .initialisation import INITS, he_std, weight_std, xavier_std
from .learning_rate import SweepRun, eta_sweep
from .minibatch import (TrainingHistory, accuracy, batch_gradients, gradient_step, minibatch_gradients,
                        per_sample_gradients, regularised_cost, train, weight_penalty)
from .plotting_beyond import (plot_delta_by_layer, plot_descent_along, plot_delta_by_layer_history, plot_digit_grid, plot_eta_sweep,
                              plot_output_errors, plot_training_curves)
from .vanishing import PRIME_MAX, decay_per_layer, delta_bound, delta_norm_by_layer

__all__ = [name for name in dir() if not name.startswith("_")]
