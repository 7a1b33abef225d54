"""The widgets: the weight explorer, the training dashboard and the backward stepper (each a pure figure-and-state
module and its ipywidgets wiring), the instructors' scenarios, the canvas plumbing they share, and what a screen
reader and the keyboard get from them (accessibility)."""
from .dashboard import Training
from .dashboard_widget import TrainingDashboard, learning_rates, training_dashboard
from .explorer import Readout, describe_readout, format_readout, readout
from .explorer_widget import WeightExplorer, weight_explorer
from .scenarios import SCENARIOS, Scenario, scenario
from .stepper import BackwardPass, describe_step, format_step
from .stepper_widget import BackwardStepper, backward_stepper
