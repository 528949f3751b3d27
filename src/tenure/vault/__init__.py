"""The index of an organization's vault items (BIZ-5 … BIZ-8): metadata the vendor's backend
registers (never a secret: the vault is end-to-end encrypted), and the revocation plans
Tenure decides from it for the backend to apply."""
