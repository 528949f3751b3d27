from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class License(Base):
    """One seat of a volume licensing subscription (VL-9).

    ``status`` is ``active`` or ``ended`` (not renewed at a renewal, VL-11, or the
    subscription ended). An active license is *unassigned* until the owner gives it to a
    person (``holder_name`` + ``holder_email``); assigning issues the app-login credential
    (VL-10): ``login_username``, the password's SHA-256 (``login_password_hash``, for
    sign-in) and the password encrypted with AES-GCM (``login_password_encrypted``, for the
    owner's "Setup" view). Every new credential raises ``credential_version``; freeing,
    reassigning and ending wipe the old one, and the holder's access tokens are revoked.
    """

    __tablename__ = "licenses"
    __table_args__ = (Index("ix_licenses_subscription", "subscription_id", "status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("subscriptions.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    holder_name: Mapped[str | None] = mapped_column(String(200))
    holder_email: Mapped[str | None] = mapped_column(String(320))
    auto_renew: Mapped[bool] = mapped_column(default=True)
    assigned_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(40))
    login_username: Mapped[str | None] = mapped_column(String(40), unique=True)
    login_password_encrypted: Mapped[str | None] = mapped_column(String(200))
    login_password_hash: Mapped[str | None] = mapped_column(String(64))
    credential_version: Mapped[int] = mapped_column(default=0)
    credential_issued_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LicenseDevice(Base):
    """A device (an app installation) signed in with a license's credential (VL-13).

    The device row itself lives in ``devices`` on the owner's account (connections need
    one); this row ties it to the license, and to the credential it signed in with. When the
    license is reassigned, freed or ended its devices are unlinked and their connections end.
    """

    __tablename__ = "license_devices"

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    license_id: Mapped[str] = mapped_column(ForeignKey("licenses.id"), index=True)
    credential_version: Mapped[int]
    created_at: Mapped[datetime]
