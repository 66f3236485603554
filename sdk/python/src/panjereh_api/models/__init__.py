"""Contains all the data models used in inputs/outputs"""

from .access_entry import AccessEntry
from .access_entry_path import AccessEntryPath
from .access_history import AccessHistory
from .access_log import AccessLog
from .access_log_entry import AccessLogEntry
from .agency import Agency
from .agency_compliance import AgencyCompliance
from .agency_target import AgencyTarget
from .applicant_in import ApplicantIn
from .application_out import ApplicationOut
from .application_out_applicant import ApplicationOutApplicant
from .application_out_evidence import ApplicationOutEvidence
from .application_out_form import ApplicationOutForm
from .application_out_state_label import ApplicationOutStateLabel
from .attempt_out import AttemptOut
from .audit_verification import AuditVerification
from .authorization_server import AuthorizationServer
from .basis_detail import BasisDetail
from .basis_detail_status import BasisDetailStatus
from .basis_request import BasisRequest
from .basis_request_status import BasisRequestStatus
from .checkpoint_out import CheckpointOut
from .citizen_application import CitizenApplication
from .citizen_application_state_label import CitizenApplicationStateLabel
from .citizen_decision import CitizenDecision
from .citizen_token import CitizenToken
from .citizen_token_request import CitizenTokenRequest
from .create_token_body import CreateTokenBody
from .criterion_count import CriterionCount
from .decision_entry import DecisionEntry
from .decision_entry_decision import DecisionEntryDecision
from .decision_in import DecisionIn
from .decision_in_decision import DecisionInDecision
from .decision_out import DecisionOut
from .decision_out_by import DecisionOutBy
from .decision_out_outcome import DecisionOutOutcome
from .decision_record import DecisionRecord
from .decision_record_decision import DecisionRecordDecision
from .decision_request import DecisionRequest
from .decision_request_decision import DecisionRequestDecision
from .delivery_detail import DeliveryDetail
from .delivery_detail_status import DeliveryDetailStatus
from .delivery_out import DeliveryOut
from .delivery_out_status import DeliveryOutStatus
from .demo_client import DemoClient
from .dispute_request import DisputeRequest
from .dispute_view import DisputeView
from .dispute_view_state import DisputeViewState
from .disputed_entry import DisputedEntry
from .disputed_entry_path import DisputedEntryPath
from .dossier_out import DossierOut
from .evidence_out import EvidenceOut
from .evidence_out_status import EvidenceOutStatus
from .evidence_type_out import EvidenceTypeOut
from .fetched_evidence import FetchedEvidence
from .field_out import FieldOut
from .field_out_label_type_0 import FieldOutLabelType0
from .finding import Finding
from .get_agency_format_type_0 import GetAgencyFormatType0
from .get_compliance_agencies_format_type_0 import GetComplianceAgenciesFormatType0
from .get_compliance_services_format_type_0 import GetComplianceServicesFormatType0
from .get_deliveries_status_type_0 import GetDeliveriesStatusType0
from .get_jwks_response_getjwks import GetJwksResponseGetjwks
from .get_liveness_response_getliveness import GetLivenessResponseGetliveness
from .get_readiness_response_getreadiness import GetReadinessResponseGetreadiness
from .get_requests_status_type_0 import GetRequestsStatusType0
from .history_entry import HistoryEntry
from .history_entry_path import HistoryEntryPath
from .inquiry_in import InquiryIn
from .inquiry_out import InquiryOut
from .inquiry_out_data_type_0 import InquiryOutDataType0
from .inquiry_out_status import InquiryOutStatus
from .jwks import Jwks
from .jwks_keys_item import JwksKeysItem
from .legal_basis import LegalBasis
from .legal_basis_status import LegalBasisStatus
from .list_disputes_state_type_0 import ListDisputesStateType0
from .list_sandbox_clients_response_listsandboxclients import (
    ListSandboxClientsResponseListsandboxclients,
)
from .lookup_in import LookupIn
from .lookup_out import LookupOut
from .my_access_entry import MyAccessEntry
from .my_access_entry_flags_item import MyAccessEntryFlagsItem
from .my_access_entry_path import MyAccessEntryPath
from .my_access_log import MyAccessLog
from .my_application import MyApplication
from .my_application_state_label import MyApplicationStateLabel
from .my_applications import MyApplications
from .new_service import NewService
from .new_service_decision import NewServiceDecision
from .new_service_sla_breach_action import NewServiceSlaBreachAction
from .note import Note
from .note_label import NoteLabel
from .note_reason import NoteReason
from .o_auth_error import OAuthError
from .o_auth_error_error import OAuthErrorError
from .objection_in import ObjectionIn
from .objection_out import ObjectionOut
from .otp_accepted import OtpAccepted
from .otp_accepted_message import OtpAcceptedMessage
from .otp_request import OtpRequest
from .oversight_dispute import OversightDispute
from .oversight_dispute_state import OversightDisputeState
from .oversight_disputes import OversightDisputes
from .page_access_log_entry import PageAccessLogEntry
from .page_agency import PageAgency
from .page_agency_compliance import PageAgencyCompliance
from .page_application_out import PageApplicationOut
from .page_basis_request import PageBasisRequest
from .page_checkpoint_out import PageCheckpointOut
from .page_decision_entry import PageDecisionEntry
from .page_delivery_out import PageDeliveryOut
from .page_evidence_type_out import PageEvidenceTypeOut
from .page_persona_out import PagePersonaOut
from .page_sandbox_sms_out import PageSandboxSmsOut
from .page_service import PageService
from .page_service_compliance import PageServiceCompliance
from .page_webhook_out import PageWebhookOut
from .period_out import PeriodOut
from .persona_out import PersonaOut
from .preview_out import PreviewOut
from .preview_out_answer_type_0 import PreviewOutAnswerType0
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .purpose import Purpose
from .reason_out import ReasonOut
from .receipt_in import ReceiptIn
from .receipt_in_status import ReceiptInStatus
from .receipt_out import ReceiptOut
from .review_in import ReviewIn
from .review_in_outcome import ReviewInOutcome
from .rule import Rule
from .rule_on_fail import RuleOnFail
from .sandbox_sms_out import SandboxSmsOut
from .service import Service
from .service_compliance import ServiceCompliance
from .service_compliance_criteria import ServiceComplianceCriteria
from .service_decision import ServiceDecision
from .service_out import ServiceOut
from .service_ref import ServiceRef
from .service_sla_breach_action import ServiceSlaBreachAction
from .service_spec import ServiceSpec
from .service_spec_decision import ServiceSpecDecision
from .service_spec_sla_breach_action import ServiceSpecSlaBreachAction
from .sla_outcome import SlaOutcome
from .sla_outcome_label import SlaOutcomeLabel
from .sla_outcome_outcome import SlaOutcomeOutcome
from .sla_outcome_reason_type_0 import SlaOutcomeReasonType0
from .state import State
from .status import Status
from .status_reasons_item import StatusReasonsItem
from .status_state import StatusState
from .status_state_label import StatusStateLabel
from .step import Step
from .step_label import StepLabel
from .step_out import StepOut
from .step_out_label import StepOutLabel
from .step_out_reason_type_0 import StepOutReasonType0
from .step_reason_type_0 import StepReasonType0
from .step_state import StepState
from .submit_in import SubmitIn
from .submit_in_form import SubmitInForm
from .submitted import Submitted
from .summary import Summary
from .target_report import TargetReport
from .test_queued import TestQueued
from .test_queued_status import TestQueuedStatus
from .token_out import TokenOut
from .webhook_change import WebhookChange
from .webhook_change_status_type_0 import WebhookChangeStatusType0
from .webhook_created import WebhookCreated
from .webhook_created_status import WebhookCreatedStatus
from .webhook_in import WebhookIn
from .webhook_out import WebhookOut
from .webhook_out_status import WebhookOutStatus

__all__ = (
    "AccessEntry",
    "AccessEntryPath",
    "AccessHistory",
    "AccessLog",
    "AccessLogEntry",
    "Agency",
    "AgencyCompliance",
    "AgencyTarget",
    "ApplicantIn",
    "ApplicationOut",
    "ApplicationOutApplicant",
    "ApplicationOutEvidence",
    "ApplicationOutForm",
    "ApplicationOutStateLabel",
    "AttemptOut",
    "AuditVerification",
    "AuthorizationServer",
    "BasisDetail",
    "BasisDetailStatus",
    "BasisRequest",
    "BasisRequestStatus",
    "CheckpointOut",
    "CitizenApplication",
    "CitizenApplicationStateLabel",
    "CitizenDecision",
    "CitizenToken",
    "CitizenTokenRequest",
    "CreateTokenBody",
    "CriterionCount",
    "DecisionEntry",
    "DecisionEntryDecision",
    "DecisionIn",
    "DecisionInDecision",
    "DecisionOut",
    "DecisionOutBy",
    "DecisionOutOutcome",
    "DecisionRecord",
    "DecisionRecordDecision",
    "DecisionRequest",
    "DecisionRequestDecision",
    "DeliveryDetail",
    "DeliveryDetailStatus",
    "DeliveryOut",
    "DeliveryOutStatus",
    "DemoClient",
    "DisputedEntry",
    "DisputedEntryPath",
    "DisputeRequest",
    "DisputeView",
    "DisputeViewState",
    "DossierOut",
    "EvidenceOut",
    "EvidenceOutStatus",
    "EvidenceTypeOut",
    "FetchedEvidence",
    "FieldOut",
    "FieldOutLabelType0",
    "Finding",
    "GetAgencyFormatType0",
    "GetComplianceAgenciesFormatType0",
    "GetComplianceServicesFormatType0",
    "GetDeliveriesStatusType0",
    "GetJwksResponseGetjwks",
    "GetLivenessResponseGetliveness",
    "GetReadinessResponseGetreadiness",
    "GetRequestsStatusType0",
    "HistoryEntry",
    "HistoryEntryPath",
    "InquiryIn",
    "InquiryOut",
    "InquiryOutDataType0",
    "InquiryOutStatus",
    "Jwks",
    "JwksKeysItem",
    "LegalBasis",
    "LegalBasisStatus",
    "ListDisputesStateType0",
    "ListSandboxClientsResponseListsandboxclients",
    "LookupIn",
    "LookupOut",
    "MyAccessEntry",
    "MyAccessEntryFlagsItem",
    "MyAccessEntryPath",
    "MyAccessLog",
    "MyApplication",
    "MyApplications",
    "MyApplicationStateLabel",
    "NewService",
    "NewServiceDecision",
    "NewServiceSlaBreachAction",
    "Note",
    "NoteLabel",
    "NoteReason",
    "OAuthError",
    "OAuthErrorError",
    "ObjectionIn",
    "ObjectionOut",
    "OtpAccepted",
    "OtpAcceptedMessage",
    "OtpRequest",
    "OversightDispute",
    "OversightDisputes",
    "OversightDisputeState",
    "PageAccessLogEntry",
    "PageAgency",
    "PageAgencyCompliance",
    "PageApplicationOut",
    "PageBasisRequest",
    "PageCheckpointOut",
    "PageDecisionEntry",
    "PageDeliveryOut",
    "PageEvidenceTypeOut",
    "PagePersonaOut",
    "PageSandboxSmsOut",
    "PageService",
    "PageServiceCompliance",
    "PageWebhookOut",
    "PeriodOut",
    "PersonaOut",
    "PreviewOut",
    "PreviewOutAnswerType0",
    "Problem",
    "ProblemErrorsItem",
    "Purpose",
    "ReasonOut",
    "ReceiptIn",
    "ReceiptInStatus",
    "ReceiptOut",
    "ReviewIn",
    "ReviewInOutcome",
    "Rule",
    "RuleOnFail",
    "SandboxSmsOut",
    "Service",
    "ServiceCompliance",
    "ServiceComplianceCriteria",
    "ServiceDecision",
    "ServiceOut",
    "ServiceRef",
    "ServiceSlaBreachAction",
    "ServiceSpec",
    "ServiceSpecDecision",
    "ServiceSpecSlaBreachAction",
    "SlaOutcome",
    "SlaOutcomeLabel",
    "SlaOutcomeOutcome",
    "SlaOutcomeReasonType0",
    "State",
    "Status",
    "StatusReasonsItem",
    "StatusState",
    "StatusStateLabel",
    "Step",
    "StepLabel",
    "StepOut",
    "StepOutLabel",
    "StepOutReasonType0",
    "StepReasonType0",
    "StepState",
    "SubmitIn",
    "SubmitInForm",
    "Submitted",
    "Summary",
    "TargetReport",
    "TestQueued",
    "TestQueuedStatus",
    "TokenOut",
    "WebhookChange",
    "WebhookChangeStatusType0",
    "WebhookCreated",
    "WebhookCreatedStatus",
    "WebhookIn",
    "WebhookOut",
    "WebhookOutStatus",
)
