"""parindex: a rule-based scoring engine for Vietnam's PAR INDEX (Chỉ số CCHC)."""

__version__ = "0.1.0"
