"""The compliance service's unit of work: its repositories, and a flush that writes them."""

from sqlalchemy.ext.asyncio import AsyncSession

from compliance_service import fold, repository
from panjereh.db.uow import UnitOfWork


class ComplianceUnitOfWork(UnitOfWork):
    facts: fold.FactsRepository
    days: fold.DaysRepository
    catalogue: fold.CatalogueRepository
    agencies: fold.AgenciesRepository
    deliveries: fold.DeliveriesRepository

    def bind(self, session: AsyncSession) -> None:
        self.facts = repository.SqlFacts(session)
        self.days = repository.SqlDays(session)
        self.catalogue = repository.SqlCatalogue(session)
        self.agencies = repository.SqlAgencies(session)
        self.deliveries = repository.SqlDeliveries(session)

    async def flush(self) -> None:
        """Facts first (their rows are locked since `prepare`), then the shared rows: every
        transaction takes the tables in this order and each table's rows in key order."""
        await self.facts.flush()
        await self.days.flush()
        await self.agencies.flush()
        await self.catalogue.flush()
        await self.deliveries.flush()
