from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.license_out import LicenseOut


T = TypeVar("T", bound="LicensePage")


@_attrs_define
class LicensePage:
    """A page of a volume subscription's licenses, with the counts over all of them.

    Attributes:
        active (int): Active licenses.
        assigned (int): Active licenses given to a person.
        data (list[LicenseOut]):
        has_more (bool): More items follow: ask again with next_cursor.
        next_cursor (None | str): Opaque: send it as cursor to get the next page (null on the last page).
        plan (str):
        renewing (int): Active licenses set to renew (VL-11).
        subscription_id (str):
    """

    active: int
    assigned: int
    data: list[LicenseOut]
    has_more: bool
    next_cursor: None | str
    plan: str
    renewing: int
    subscription_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        assigned = self.assigned

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        has_more = self.has_more

        next_cursor: None | str
        next_cursor = self.next_cursor

        plan = self.plan

        renewing = self.renewing

        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "assigned": assigned,
                "data": data,
                "has_more": has_more,
                "next_cursor": next_cursor,
                "plan": plan,
                "renewing": renewing,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.license_out import LicenseOut  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        assigned = d.pop("assigned")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = LicenseOut.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        plan = d.pop("plan")

        renewing = d.pop("renewing")

        subscription_id = d.pop("subscription_id")

        license_page = cls(
            active=active,
            assigned=assigned,
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
            plan=plan,
            renewing=renewing,
            subscription_id=subscription_id,
        )

        license_page.additional_properties = d
        return license_page

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
