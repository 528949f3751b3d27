"""Tenure: a self-hosted subscription, licensing and entitlement server."""

__version__ = "0.1.0"
