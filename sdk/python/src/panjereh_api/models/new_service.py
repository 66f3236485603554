from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.new_service_decision import NewServiceDecision
from ..models.new_service_sla_breach_action import NewServiceSlaBreachAction
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule import Rule


T = TypeVar("T", bound="NewService")


@_attrs_define
class NewService:
    """
    Attributes:
        name_fa (str):
        name_en (str):
        required_evidence (list[str] | Unset):
        paper_documents (list[str] | Unset): Legacy: documents still taken on paper (not smart)
        decision (NewServiceDecision | Unset):  Default: NewServiceDecision.AUTOMATIC.
        rules (list[Rule] | Unset):
        on_window (bool | Unset):  Default: True.
        sla_hours (int | Unset):  Default: 72.
        sla_breach_action (NewServiceSlaBreachAction | Unset): What happens to an application still undecided past the
            SLA: notify (the applicant and the agency are told), escalate (also the agency's supervisors, by an
            application.escalated event) or deem_approved (approved by the law's 'silence is consent', decided by 'sla')
            Default: NewServiceSlaBreachAction.NOTIFY.
        preview (bool | Unset): Preview before use: once the evidence is fetched, the application waits in
            awaiting_applicant for the applicant to see the fetched fields and confirm or object (an objection sends it to
            an officer); with no answer within preview_window_minutes it proceeds to the rules Default: False.
        preview_window_minutes (int | Unset): How long a preview service's application waits for its applicant, from the
            moment its evidence is in; it must end within the SLA Default: 1440.
        id (None | str | Unset): Lowercase letters, digits and dashes (3–100); made up if absent
    """

    name_fa: str
    name_en: str
    required_evidence: list[str] | Unset = UNSET
    paper_documents: list[str] | Unset = UNSET
    decision: NewServiceDecision | Unset = NewServiceDecision.AUTOMATIC
    rules: list[Rule] | Unset = UNSET
    on_window: bool | Unset = True
    sla_hours: int | Unset = 72
    sla_breach_action: NewServiceSlaBreachAction | Unset = NewServiceSlaBreachAction.NOTIFY
    preview: bool | Unset = False
    preview_window_minutes: int | Unset = 1440
    id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name_fa = self.name_fa

        name_en = self.name_en

        required_evidence: list[str] | Unset = UNSET
        if not isinstance(self.required_evidence, Unset):
            required_evidence = self.required_evidence

        paper_documents: list[str] | Unset = UNSET
        if not isinstance(self.paper_documents, Unset):
            paper_documents = self.paper_documents

        decision: str | Unset = UNSET
        if not isinstance(self.decision, Unset):
            decision = self.decision.value

        rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = []
            for rules_item_data in self.rules:
                rules_item = rules_item_data.to_dict()
                rules.append(rules_item)

        on_window = self.on_window

        sla_hours = self.sla_hours

        sla_breach_action: str | Unset = UNSET
        if not isinstance(self.sla_breach_action, Unset):
            sla_breach_action = self.sla_breach_action.value

        preview = self.preview

        preview_window_minutes = self.preview_window_minutes

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name_fa": name_fa,
                "name_en": name_en,
            }
        )
        if required_evidence is not UNSET:
            field_dict["required_evidence"] = required_evidence
        if paper_documents is not UNSET:
            field_dict["paper_documents"] = paper_documents
        if decision is not UNSET:
            field_dict["decision"] = decision
        if rules is not UNSET:
            field_dict["rules"] = rules
        if on_window is not UNSET:
            field_dict["on_window"] = on_window
        if sla_hours is not UNSET:
            field_dict["sla_hours"] = sla_hours
        if sla_breach_action is not UNSET:
            field_dict["sla_breach_action"] = sla_breach_action
        if preview is not UNSET:
            field_dict["preview"] = preview
        if preview_window_minutes is not UNSET:
            field_dict["preview_window_minutes"] = preview_window_minutes
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule import Rule  # noqa: PLC0415

        d = dict(src_dict)
        name_fa = d.pop("name_fa")

        name_en = d.pop("name_en")

        required_evidence = cast(list[str], d.pop("required_evidence", UNSET))

        paper_documents = cast(list[str], d.pop("paper_documents", UNSET))

        _decision = d.pop("decision", UNSET)
        decision: NewServiceDecision | Unset
        if isinstance(_decision, Unset):
            decision = UNSET
        else:
            decision = NewServiceDecision(_decision)

        _rules = d.pop("rules", UNSET)
        rules: list[Rule] | Unset = UNSET
        if _rules is not UNSET:
            rules = []
            for rules_item_data in _rules:
                rules_item = Rule.from_dict(rules_item_data)

                rules.append(rules_item)

        on_window = d.pop("on_window", UNSET)

        sla_hours = d.pop("sla_hours", UNSET)

        _sla_breach_action = d.pop("sla_breach_action", UNSET)
        sla_breach_action: NewServiceSlaBreachAction | Unset
        if isinstance(_sla_breach_action, Unset):
            sla_breach_action = UNSET
        else:
            sla_breach_action = NewServiceSlaBreachAction(_sla_breach_action)

        preview = d.pop("preview", UNSET)

        preview_window_minutes = d.pop("preview_window_minutes", UNSET)

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        new_service = cls(
            name_fa=name_fa,
            name_en=name_en,
            required_evidence=required_evidence,
            paper_documents=paper_documents,
            decision=decision,
            rules=rules,
            on_window=on_window,
            sla_hours=sla_hours,
            sla_breach_action=sla_breach_action,
            preview=preview,
            preview_window_minutes=preview_window_minutes,
            id=id,
        )

        return new_service
