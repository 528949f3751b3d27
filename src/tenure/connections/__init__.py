"""Simultaneous connections as heartbeat leases with a time-to-live (DEV-4, VL-13, APP-4)."""
