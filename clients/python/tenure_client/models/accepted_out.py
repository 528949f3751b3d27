from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.member_out import MemberOut
    from ..models.organization_out import OrganizationOut


T = TypeVar("T", bound="AcceptedOut")


@_attrs_define
class AcceptedOut:
    """
    Attributes:
        member (MemberOut):
        organization (OrganizationOut):
    """

    member: MemberOut
    organization: OrganizationOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member = self.member.to_dict()

        organization = self.organization.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member": member,
                "organization": organization,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_out import MemberOut  # noqa: PLC0415
        from ..models.organization_out import OrganizationOut  # noqa: PLC0415

        d = dict(src_dict)
        member = MemberOut.from_dict(d.pop("member"))

        organization = OrganizationOut.from_dict(d.pop("organization"))

        accepted_out = cls(
            member=member,
            organization=organization,
        )

        accepted_out.additional_properties = d
        return accepted_out

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
