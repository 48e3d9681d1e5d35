from training.models.conversions import Conversion
from training.models.records import TrainingRecord
from training.models.sessions import TrainingPhoto, TrainingSession

__all__ = ["Conversion", "TrainingPhoto", "TrainingRecord", "TrainingSession"]
