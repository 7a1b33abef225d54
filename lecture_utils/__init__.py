"""lecture_utils: the mathematics of Lecture 5 (backpropagation), one module per idea, numbered as the lecture;
its figures (plotting), its widgets (widgets) and its self-checked exercises (exercises). Every name a notebook
calls is here: `import lecture_utils as lu`, then lu.Network, lu.sgd, lu.weight_explorer, lu.check_output_error, …"""
# The mathematics of Lemma 1 (notebooks 01–10)
from .activations import ACTIVATIONS, Activation, relu, relu_prime, sigma, sigma_prime, tanh, tanh_prime
from .classification import accuracy, categories, decision_grid, share_against_boundary
from .cost import (COSTS, Cost, cross_entropy_cost, mean_cost, output_error_cross_entropy, single_sample_cost,
                   softmax)
from .data import (FIGURE6_SIZES, digit_image, digits_data, figure6_example, flipped_labels, higham_data, noisy_data,
                   one_hot, wave_boundary)
from .derivative_checks import (AGREEMENT, ROUNDING, agreement, central_difference, complex_step,
                                complex_step_gradient, cost_along, numerical_gradients, parameters, relative_error)
from .diagonal import D, backward_step_diagonal, delta_expanded, error_propagator, output_error_diagonal
from .forward import ForwardPass, forward_pass, weighted_input
from .layers import LayerDict, neurons_downstream
from .lemma1 import (Gradients, ParameterGradients, backpropagate, backward_step, bias_gradient, output_error,
                     weight_gradient)
from .network import Network
from .stochastic_gradient import (DivergenceError, History, delta_norms, divergence, gradient_norms, sample_indices,
                                  sgd, sgd_pseudocode)

# Beyond Lemma 1 (notebooks 11–17)
from .cross_entropy import (output_error_by_definition, output_error_chain_rule, output_error_eq22_misused,
                            softmax_jacobian)
from .curvature import (AlongDirection, descent_along, gradient_vector, hessian, parameter_vector, sharpness,
                        with_parameters)
from .initialisation import INITS, he_std, weight_std, xavier_std
from .learning_rate import SweepRun, cost_rises, eta_sweep, verdict
from .minibatch import (batch_gradients, gradient_step, minibatch_gradients, per_sample_gradients, regularised_cost,
                        weight_penalty)
from .progress import EpochProgress, progress_line
from .training import GradientDescent, Parameter, TrainingHistory, WeightDecay, fit, train
from .vanishing import decay_estimate, decay_per_layer, delta_bound, delta_estimate, delta_norm_by_layer, rms_prime

# The chain rule and reverse mode (04, 06, 07), the remedies (12, 16, 18), other architectures (19, 20)
# notebook 04: the chain rule
from .chain_rule import (Factor, chain_factors, complex_step_z, cost_with_z, delta_by_chain, delta_by_paths,
                         jacobian_z, path_count, path_product, paths, sum_by_first_step)
from .plotting import plot_paths
# notebook 06: one backward pass by hand
from .backward_pass import BackwardStep, backward_steps, written_out
from .plotting import plot_errors_on_network
from .widgets import BackwardPass, BackwardStepper, backward_stepper, describe_step, format_step
# notebook 07: reverse mode
from .operation_counts import (GradientCost, backward_multiply_adds, forward_difference_gradients,
                               forward_multiply_adds, gradient_cost, numbers_kept, parameter_count)
from .plotting import plot_computational_graph, plot_gradient_costs
from .reverse_mode import ReverseModeGradients, Value, network_graph, reverse_mode_gradients
# notebook 12: regression
from .data import regression_curve, regression_data
from .output_layer import LINEAR, OUTPUTS, SOFTMAX, linear, linear_prime, output_layer_activation
from .plotting import plot_regression_fit
from .regression import range_cost_floor, train_watched
# notebook 16: dropout
from .dropout import (DropoutNetwork, DropoutPass, FixedMaskNetwork, dropout_mask, masked_backpropagate,
                      masked_backward_step, masked_forward_pass)
# notebook 18: normalisation and residuals
from .batch_normalisation import (BatchNormNetwork, BatchNormPass, batch_mean, batch_variance, beta_gradient,
                                  gamma_gradient, input_gradient, input_gradient_by_paths, mean_gradient, normalise,
                                  running_update, scale_shift, variance_gradient)
from .models import ModelGradients, complex_step_gradients, delta_norm_profile, gradient_error
from .residual import ResidualNetwork, residual_delta, residual_layer, residual_step
from .plotting import plot_cost_by_epoch
# notebook 19: convolution
from .convolution import (ConvForward, ConvGradients, ConvNetwork, conv_backward_step,
                          conv_bias_gradient, conv_weighted_input, correlate, full_convolution, kernel_gradient,
                          max_pool, max_unpool, weight_sharing_terms)
from .plotting.convolution import plot_kernels, plot_weight_sharing
# notebook 20: recurrence
from .lstm import (GATES, LSTM, LSTMForward, LSTMGradients, cell_error, gate_errors, gates, lstm_backward,
                   lstm_forward, lstm_step)
from .plotting.through_time import plot_accuracy_history, plot_delta_through_time
from .recurrence import (RNN, RNNForward, RNNGradients, TimeDict, bptt, delta_norms_through_time, memory_task,
                         memory_verdict, rnn_forward, rnn_step, time_sum)

# Figures, widgets and exercises
from .exercises import *  # noqa: F401,F403 - every check_* function, and Feedback
from .exercises import __all__ as _exercises
from .plotting import (COLORS, draw_network, neuron_positions, parameter_symbol, plot_cost_along, plot_cost_history,
                       plot_data, plot_decision_regions, plot_delta_by_layer, plot_delta_by_layer_history,
                       plot_delta_history, plot_descent_along, plot_digit_grid, plot_eta_sweep, plot_gradient_history,
                       plot_nudge, plot_output_errors, plot_sigmoid, plot_single_sample_costs,
                       plot_single_sample_steps, plot_step_size_errors, plot_training_curves, plot_wave_data,
                       use_lecture_style)
from .plotting import alt_text, describe
from .widgets import (SCENARIOS, Readout, Scenario, Training, TrainingDashboard, WeightExplorer, describe_readout,
                      format_readout,
                      learning_rates, readout, scenario, training_dashboard, weight_explorer)

__all__ = [
    # activations, costs, data
    "ACTIVATIONS", "Activation", "relu", "relu_prime", "sigma", "sigma_prime", "tanh", "tanh_prime",
    "COSTS", "Cost", "cross_entropy_cost", "mean_cost", "single_sample_cost", "softmax",
    "FIGURE6_SIZES", "digit_image", "digits_data", "figure6_example", "higham_data", "noisy_data", "one_hot",
    "wave_boundary", "flipped_labels", "accuracy", "categories", "decision_grid", "share_against_boundary",
    # the network, the forward pass, Lemma 1 and its checks
    "Network", "LayerDict", "neurons_downstream", "ForwardPass", "forward_pass", "weighted_input",
    "Gradients", "ParameterGradients", "backpropagate", "backward_step", "bias_gradient", "output_error",
    "weight_gradient", "D", "backward_step_diagonal", "delta_expanded", "error_propagator", "output_error_diagonal",
    "AGREEMENT", "ROUNDING", "agreement", "central_difference", "complex_step", "complex_step_gradient", "cost_along",
    "numerical_gradients", "parameters", "relative_error",
    # training
    "DivergenceError", "History", "delta_norms", "divergence", "gradient_norms", "sample_indices", "sgd",
    "sgd_pseudocode",
    "GradientDescent", "Parameter", "TrainingHistory", "WeightDecay", "fit", "train",
    "batch_gradients", "gradient_step", "minibatch_gradients", "per_sample_gradients", "regularised_cost",
    "weight_penalty", "EpochProgress", "progress_line",
    # beyond Lemma 1
    "output_error_by_definition", "output_error_chain_rule", "output_error_cross_entropy",
    "output_error_eq22_misused", "softmax_jacobian", "INITS", "he_std", "weight_std", "xavier_std",
    "SweepRun", "cost_rises", "eta_sweep", "verdict", "AlongDirection", "descent_along", "gradient_vector",
    "hessian", "parameter_vector", "sharpness", "with_parameters", "decay_estimate", "decay_per_layer", "delta_bound",
    "delta_estimate", "delta_norm_by_layer", "rms_prime",
    # notebook 04: the chain rule
    "Factor", "chain_factors", "complex_step_z", "cost_with_z", "delta_by_chain", "delta_by_paths", "jacobian_z",
    "path_count", "path_product", "paths", "sum_by_first_step", "plot_paths",
    # notebook 06: one backward pass by hand
    "BackwardStep", "backward_steps", "written_out", "plot_errors_on_network", "BackwardPass", "BackwardStepper",
    "backward_stepper", "describe_step", "format_step",
    # notebook 07: reverse mode
    "Value", "ReverseModeGradients", "network_graph", "reverse_mode_gradients", "GradientCost", "gradient_cost",
    "forward_multiply_adds", "backward_multiply_adds", "parameter_count", "numbers_kept",
    "forward_difference_gradients", "plot_computational_graph", "plot_gradient_costs",
    # notebook 12: regression
    "regression_curve", "regression_data", "LINEAR", "OUTPUTS", "SOFTMAX", "linear", "linear_prime",
    "output_layer_activation", "plot_regression_fit", "range_cost_floor", "train_watched",
    # notebook 16: dropout
    "DropoutNetwork", "DropoutPass", "FixedMaskNetwork", "dropout_mask", "masked_backpropagate",
    "masked_backward_step", "masked_forward_pass",
    # notebook 18: normalisation and residuals
    "BatchNormNetwork", "BatchNormPass", "batch_mean", "batch_variance", "beta_gradient", "gamma_gradient",
    "input_gradient", "input_gradient_by_paths", "mean_gradient", "normalise", "running_update", "scale_shift",
    "variance_gradient", "ModelGradients", "complex_step_gradients", "delta_norm_profile", "gradient_error",
    "ResidualNetwork", "residual_delta", "residual_layer", "residual_step", "plot_cost_by_epoch",
    # notebook 19: convolution
    "ConvForward", "ConvGradients", "ConvNetwork", "conv_backward_step", "conv_bias_gradient",
    "conv_weighted_input", "correlate", "full_convolution", "kernel_gradient", "max_pool", "max_unpool",
    "weight_sharing_terms", "plot_kernels", "plot_weight_sharing",
    # notebook 20: recurrence
    "RNN", "RNNForward", "RNNGradients", "TimeDict", "bptt", "delta_norms_through_time", "memory_task",
    "memory_verdict", "rnn_forward", "rnn_step", "time_sum", "GATES", "LSTM", "LSTMForward", "LSTMGradients",
    "cell_error", "gate_errors", "gates", "lstm_backward", "lstm_forward", "lstm_step", "plot_accuracy_history",
    "plot_delta_through_time",
    # figures
    "alt_text", "describe", "COLORS", "draw_network", "neuron_positions", "parameter_symbol", "plot_cost_along", "plot_cost_history",
    "plot_data", "plot_decision_regions", "plot_delta_by_layer", "plot_delta_by_layer_history",
    "plot_delta_history", "plot_descent_along", "plot_gradient_history", "plot_digit_grid", "plot_eta_sweep",
    "plot_nudge", "plot_output_errors", "plot_sigmoid", "plot_single_sample_costs", "plot_single_sample_steps",
    "plot_step_size_errors", "plot_training_curves", "plot_wave_data", "use_lecture_style",
    # widgets
    "SCENARIOS", "Readout", "Scenario", "Training", "TrainingDashboard", "WeightExplorer", "describe_readout", "format_readout",
    "learning_rates", "readout", "scenario", "training_dashboard", "weight_explorer",
    # exercises
    *_exercises,
]
