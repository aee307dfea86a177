"""A daily post is found again by its platform message id (a reply in its thread), per channel."""

from datetime import UTC, datetime, timedelta

from bot.storage import ChannelRef

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_a_post_is_found_by_its_message_in_its_own_channel_only(storage):
    here, there = ChannelRef("slack", "T1", "C1"), ChannelRef("slack", "T1", "C2")
    post_id = await storage.claim_post(await storage.channel_id(here), "2026-03-02", "q-one", NOW)
    await storage.mark_posted(post_id, "1700.0001", NOW, NOW + timedelta(hours=8))
    found = await storage.post_by_message(here, "1700.0001")
    assert found is not None and found.id == post_id and found.question_id == "q-one"
    assert await storage.post_by_message(there, "1700.0001") is None
    assert await storage.post_by_message(here, "1700.0002") is None
