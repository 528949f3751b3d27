"""Devices linked to an account, one-time link codes, download links and sending
subscriptions to devices (DEV-1, DEV-2, DEV-3, DEV-5, DEV-6)."""
