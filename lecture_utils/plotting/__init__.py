"""Every figure of the series in one style: pure plot_*(…, ax) functions that draw on the axes given (or pyplot's
current ones) and return them. style: colours, sizes, shared helpers; diagram: the network as the lecture draws
it; regions: the data and the decision regions; curves: derivatives and costs against one variable; histories:
how training went; path_diagram: the paths of the chain rule; graph: the computational graph and the cost of a
gradient; regression: fitted curves; comparison: several trainings side by side; convolution: weight sharing and
kernels; through_time: ‖δ_t‖ of a recurrent network; descriptions: each figure's text alternative, which IPython
sends with the picture (registered here, when the package is imported in IPython)."""
from .comparison import plot_cost_by_epoch
from .convolution import plot_kernels, plot_weight_sharing
from .curves import (plot_cost_along, plot_nudge, plot_output_errors, plot_sigmoid, plot_single_sample_costs,
                     plot_single_sample_steps, plot_step_size_errors)
from .descriptions import alt_text, describe, description, figure_number, register_alt_text
from .diagram import draw_network, neuron_positions, parameter_symbol, plot_errors_on_network, points_per_data_unit
from .graph import graph_layout, node_symbol, plot_computational_graph, plot_gradient_costs
from .histories import (NETBP_FACTOR, VERDICT_STYLE, plot_cost_history, plot_delta_by_layer,
                        plot_delta_by_layer_history, plot_delta_history, plot_descent_along, plot_eta_sweep,
                        plot_gradient_history, plot_training_curves)
from .path_diagram import path_counts, plot_paths
from .regression import plot_regression_fit
from .regions import plot_data, plot_decision_regions, plot_digit_grid, plot_wave_data
from .style import (COLORS, LAYER_COLORS, LINE_STYLES, MARKERS, REGION_COLORS, axes_or_current, sequence_color,
                    sequence_marker, sequence_style, unit_square, use_lecture_style)
from .through_time import plot_accuracy_history, plot_delta_through_time

register_alt_text()
