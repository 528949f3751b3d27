"""What an account may use right now (APP-3, APP-9, DEV-4); issue 6 extends it."""
