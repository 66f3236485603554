from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.service_compliance_criteria import ServiceComplianceCriteria


T = TypeVar("T", bound="ServiceCompliance")


@_attrs_define
class ServiceCompliance:
    """
    Attributes:
        service_id (str):
        agency_id (str):
        name_fa (str):
        name_en (str):
        on_window (bool):
        decision (str):
        paper_documents (list[str]):
        applications (int):
        no_paper_share (float | None):
        online_inquiry_share (float | None):
        automated_share (float | None):
        status_available_share (float | None):
        criteria (ServiceComplianceCriteria):
        smart (bool):
        smart_basis (str):
        smart_by_design (bool):
        sla_breached (int | Unset):  Default: 0.
        sla_escalated (int | Unset):  Default: 0.
        sla_deemed_approved (int | Unset):  Default: 0.
    """

    service_id: str
    agency_id: str
    name_fa: str
    name_en: str
    on_window: bool
    decision: str
    paper_documents: list[str]
    applications: int
    no_paper_share: float | None
    online_inquiry_share: float | None
    automated_share: float | None
    status_available_share: float | None
    criteria: ServiceComplianceCriteria
    smart: bool
    smart_basis: str
    smart_by_design: bool
    sla_breached: int | Unset = 0
    sla_escalated: int | Unset = 0
    sla_deemed_approved: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        agency_id = self.agency_id

        name_fa = self.name_fa

        name_en = self.name_en

        on_window = self.on_window

        decision = self.decision

        paper_documents = self.paper_documents

        applications = self.applications

        no_paper_share: float | None
        no_paper_share = self.no_paper_share

        online_inquiry_share: float | None
        online_inquiry_share = self.online_inquiry_share

        automated_share: float | None
        automated_share = self.automated_share

        status_available_share: float | None
        status_available_share = self.status_available_share

        criteria = self.criteria.to_dict()

        smart = self.smart

        smart_basis = self.smart_basis

        smart_by_design = self.smart_by_design

        sla_breached = self.sla_breached

        sla_escalated = self.sla_escalated

        sla_deemed_approved = self.sla_deemed_approved

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_id": service_id,
                "agency_id": agency_id,
                "name_fa": name_fa,
                "name_en": name_en,
                "on_window": on_window,
                "decision": decision,
                "paper_documents": paper_documents,
                "applications": applications,
                "no_paper_share": no_paper_share,
                "online_inquiry_share": online_inquiry_share,
                "automated_share": automated_share,
                "status_available_share": status_available_share,
                "criteria": criteria,
                "smart": smart,
                "smart_basis": smart_basis,
                "smart_by_design": smart_by_design,
            }
        )
        if sla_breached is not UNSET:
            field_dict["sla_breached"] = sla_breached
        if sla_escalated is not UNSET:
            field_dict["sla_escalated"] = sla_escalated
        if sla_deemed_approved is not UNSET:
            field_dict["sla_deemed_approved"] = sla_deemed_approved

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_compliance_criteria import ServiceComplianceCriteria  # noqa: PLC0415

        d = dict(src_dict)
        service_id = d.pop("service_id")

        agency_id = d.pop("agency_id")

        name_fa = d.pop("name_fa")

        name_en = d.pop("name_en")

        on_window = d.pop("on_window")

        decision = d.pop("decision")

        paper_documents = cast(list[str], d.pop("paper_documents"))

        applications = d.pop("applications")

        def _parse_no_paper_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        no_paper_share = _parse_no_paper_share(d.pop("no_paper_share"))

        def _parse_online_inquiry_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        online_inquiry_share = _parse_online_inquiry_share(d.pop("online_inquiry_share"))

        def _parse_automated_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        automated_share = _parse_automated_share(d.pop("automated_share"))

        def _parse_status_available_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        status_available_share = _parse_status_available_share(d.pop("status_available_share"))

        criteria = ServiceComplianceCriteria.from_dict(d.pop("criteria"))

        smart = d.pop("smart")

        smart_basis = d.pop("smart_basis")

        smart_by_design = d.pop("smart_by_design")

        sla_breached = d.pop("sla_breached", UNSET)

        sla_escalated = d.pop("sla_escalated", UNSET)

        sla_deemed_approved = d.pop("sla_deemed_approved", UNSET)

        service_compliance = cls(
            service_id=service_id,
            agency_id=agency_id,
            name_fa=name_fa,
            name_en=name_en,
            on_window=on_window,
            decision=decision,
            paper_documents=paper_documents,
            applications=applications,
            no_paper_share=no_paper_share,
            online_inquiry_share=online_inquiry_share,
            automated_share=automated_share,
            status_available_share=status_available_share,
            criteria=criteria,
            smart=smart,
            smart_basis=smart_basis,
            smart_by_design=smart_by_design,
            sla_breached=sla_breached,
            sla_escalated=sla_escalated,
            sla_deemed_approved=sla_deemed_approved,
        )

        service_compliance.additional_properties = d
        return service_compliance

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
