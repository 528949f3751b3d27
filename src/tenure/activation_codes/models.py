from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class ActivationCode(Base):
    """The activation code of a subscription whose plan has ``activation_codes`` (DEV-7).

    ``state`` is what staff set: ``active``, ``blocked`` or ``suspended``. The code *shows*
    as ``expired`` whenever its subscription has expired, whatever the stored state.
    ``slots`` and ``slot_kind`` are copied from the plan when the code is made.
    """

    __tablename__ = "activation_codes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("subscriptions.id"), unique=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(String(20))
    slots: Mapped[int]
    slot_kind: Mapped[str] = mapped_column(String(10))
    state_reason: Mapped[str | None] = mapped_column(String(200))
    state_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
