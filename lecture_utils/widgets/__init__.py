"""The widgets: the weight explorer, the training dashboard and the backward stepper (each a pure figure-and-state
module and its ipywidgets wiring), the instructors' scenarios, and the canvas plumbing they share."""
from .dashboard import Training
from .dashboard_widget import TrainingDashboard, learning_rates, training_dashboard
from .explorer import Readout, format_readout, readout
from .explorer_widget import WeightExplorer, weight_explorer
from .scenarios import SCENARIOS, Scenario, scenario
from .stepper import BackwardPass, format_step
from .stepper_widget import BackwardStepper, backward_stepper
