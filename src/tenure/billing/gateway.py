"""Where the payment gateway's Protocol and value types used to live; they are in
:mod:`tenure.kit.ports` now. Kept only for the modules still importing from here
(``subscriptions``, being split at the same time); delete once they import ``kit.ports``."""

from __future__ import annotations

from tenure.kit.ports import ChargeResult as ChargeResult
from tenure.kit.ports import MethodType as MethodType
from tenure.kit.ports import PaymentGateway as PaymentGateway
from tenure.kit.ports import RefundResult as RefundResult
from tenure.kit.ports import TokenizedMethod as TokenizedMethod
