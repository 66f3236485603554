"""The checkpoint signer: a background loop that anchors the chain's head.

Each round, under an advisory lock (PostgreSQL) and in one unit of work, it reads the head
and the last checkpoint and, when one is due, signs the head, stores the checkpoint and emits
AuditCheckpointSigned through the outbox. A replica that loses a race to the same seq has
its insert refused by the key and simply tries again next round.
"""

import datetime as dt
import logging

from sqlalchemy.exc import IntegrityError

from inquiry_service.anchoring import keys, repository, rules
from panjereh import background, events
from panjereh.db import engine as db_engine
from panjereh.db.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class CheckpointSigner(background.Loop):
    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        key: keys.SigningKey,
        every_entries: int,
        every_seconds: float,
        poll_seconds: float,
    ) -> None:
        super().__init__(name="audit-checkpoint-signer", poll_seconds=poll_seconds)
        self._uow = uow
        self._key = key
        self._every_entries = every_entries
        self._every_seconds = every_seconds
        self._started = dt.datetime.now(dt.UTC)

    async def round(self) -> bool:
        try:
            await self.sign_if_due()
        except IntegrityError:
            log.info("another replica signed this head first")
        return False

    async def sign_if_due(self, *, force: bool = False) -> int | None:
        """Sign the head if a checkpoint is due (or `force` and the head moved); its seq."""
        async with self._uow() as uow:
            await repository.lock_signer(uow.session)
            head = await repository.chain_head(uow.session)
            last = await repository.last_checkpoint(uow.session)
            now = dt.datetime.now(dt.UTC)
            if head is None:
                return None
            head_seq, head_hash = head
            due = rules.checkpoint_due(
                head_seq=head_seq,
                last_seq=last.seq if last else None,
                since=db_engine.as_utc(last.at) if last else self._started,
                now=now,
                every_entries=1 if force else self._every_entries,
                every_seconds=self._every_seconds,
            )
            if not due:
                return None
            jws = self._key.sign(rules.payload(seq=head_seq, head_hash=head_hash, at=now))
            values = {"seq": head_seq, "head_hash": head_hash, "at": now, "kid": self._key.kid}
            await repository.add_checkpoint(uow.session, {**values, "jws": jws})
            uow.emit(events.AuditCheckpointSigned(**values, jws=jws))
            await uow.commit()
        return head_seq
