"""Organizations: business customers with admins, members, invitations and seats (BIZ-1,
BIZ-2, BIZ-9, BIZ-10). An organization owns and pays for its subscriptions through a billing
account of its own, so the subscription life cycle, payment methods, invoices, credit, grace
and dunning serve it exactly as they serve a person."""
