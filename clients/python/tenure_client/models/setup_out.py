from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.setup_out_platform import SetupOutPlatform

if TYPE_CHECKING:
    from ..models.credential_out import CredentialOut
    from ..models.holder_out import HolderOut
    from ..models.licenses_product_out import LicensesProductOut


T = TypeVar("T", bound="SetupOut")


@_attrs_define
class SetupOut:
    """VL-10: the license's app login and how to set it up on one platform.

    Attributes:
        connection_limit (int | None):
        credential (CredentialOut):
        holder (HolderOut):
        instructions (list[str]): Steps in the caller's language.
        license_id (str):
        platform (SetupOutPlatform):
        platform_name (str):
        product (LicensesProductOut):
    """

    connection_limit: int | None
    credential: CredentialOut
    holder: HolderOut
    instructions: list[str]
    license_id: str
    platform: SetupOutPlatform
    platform_name: str
    product: LicensesProductOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection_limit: int | None
        connection_limit = self.connection_limit

        credential = self.credential.to_dict()

        holder = self.holder.to_dict()

        instructions = self.instructions

        license_id = self.license_id

        platform = self.platform.value

        platform_name = self.platform_name

        product = self.product.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection_limit": connection_limit,
                "credential": credential,
                "holder": holder,
                "instructions": instructions,
                "license_id": license_id,
                "platform": platform,
                "platform_name": platform_name,
                "product": product,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential_out import CredentialOut  # noqa: PLC0415
        from ..models.holder_out import HolderOut  # noqa: PLC0415
        from ..models.licenses_product_out import LicensesProductOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_connection_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        connection_limit = _parse_connection_limit(d.pop("connection_limit"))

        credential = CredentialOut.from_dict(d.pop("credential"))

        holder = HolderOut.from_dict(d.pop("holder"))

        instructions = cast(list[str], d.pop("instructions"))

        license_id = d.pop("license_id")

        platform = SetupOutPlatform(d.pop("platform"))

        platform_name = d.pop("platform_name")

        product = LicensesProductOut.from_dict(d.pop("product"))

        setup_out = cls(
            connection_limit=connection_limit,
            credential=credential,
            holder=holder,
            instructions=instructions,
            license_id=license_id,
            platform=platform,
            platform_name=platform_name,
            product=product,
        )

        setup_out.additional_properties = d
        return setup_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
