"""Which questions a channel draws from: the shipped bank, the study group's own, or both."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage import schema as s
from bot.storage.base import StorageBase

POOLS = ("shipped", "own", "both")


class PoolsMixin(StorageBase):
    """Storage for per-channel question pools (no row means both)."""

    async def channel_pool(self, channel_id: int | None) -> str:
        if channel_id is None:
            return "both"
        async with self._read() as conn:
            pool = (await conn.execute(select(s.channel_pools.c.pool)
                                       .where(s.channel_pools.c.channel_id == channel_id))).scalar()
        return str(pool or "both")

    async def set_channel_pool(self, channel_id: int, pool: str) -> None:
        if pool not in POOLS:
            raise ValueError(f"pool must be one of {', '.join(POOLS)}")
        t = s.channel_pools
        stmt = self._insert(t).values(channel_id=channel_id, pool=pool)
        stmt = stmt.on_conflict_do_update(index_elements=["channel_id"], set_={"pool": pool})
        async with self._write() as conn:
            await conn.execute(stmt)
