"""Activation codes of antivirus-style subscriptions, with states and slots (DEV-7)."""
