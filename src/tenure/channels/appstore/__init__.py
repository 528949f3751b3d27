"""App Store subscriptions from App Store Server Notifications V2 (APP-1 … APP-9).

See ``docs/app-store.md``. The pure mapping rules live in ``tenure.domain.appstore``.
"""
