"""The inquiry service's unit of work: its repositories, bound to one transaction."""

from sqlalchemy.ext.asyncio import AsyncSession

from inquiry_service import audit_repository, repository
from panjereh.db.uow import UnitOfWork


class InquiryUnitOfWork(UnitOfWork):
    requirements: repository.Requirements
    applications: repository.Applications
    evidence_requests: repository.EvidenceRequests
    inquiries: repository.Inquiries
    audit: audit_repository.AuditLog

    def bind(self, session: AsyncSession) -> None:
        self.requirements = repository.Requirements(session)
        self.applications = repository.Applications(session)
        self.evidence_requests = repository.EvidenceRequests(session)
        self.inquiries = repository.Inquiries(session)
        self.audit = audit_repository.AuditLog(session)

    async def flush(self) -> None:
        # The audit log last: it locks the chain's head, held so until the commit.
        await self.applications.flush()
        await self.evidence_requests.flush()
        await self.inquiries.flush()
        await self.audit.flush()
