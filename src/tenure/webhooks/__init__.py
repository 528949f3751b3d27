"""Outgoing webhooks to the vendor (X-4)."""
