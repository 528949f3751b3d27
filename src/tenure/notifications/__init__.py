"""Customer email (X-5, BIZ-2, DEV-3): a transactional outbox of rendered emails, delivered
by a scheduler job over SMTP with retries. See ``docs/email.md``."""
