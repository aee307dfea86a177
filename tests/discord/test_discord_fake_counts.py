"""The fake counts every answer to an interaction, not just the first: a late second answer (which
Discord refuses with 40060) fails the test that caused it, at teardown (see conftest's `fake`)."""

from __future__ import annotations

import aiohttp

from adapters.testing.discord_fake import FakeDiscord


async def test_a_late_second_answer_to_an_interaction_is_seen_and_refused_as_discord_does() -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        url = f"{fake.api_base}/interactions/111/tok-111/callback"
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json={"type": 4, "data": {"content": "first"}}) as first:
                assert first.status == 200
            assert (await fake.callback("111")).data["data"]["content"] == "first"
            assert fake.answered_twice() == []
            async with http.post(url, json={"type": 4, "data": {"content": "late"}}) as late:
                assert late.status == 400 and (await late.json())["code"] == 40060
        assert fake.answered_twice() == ["111"]
        assert len(fake.of(r"POST /interactions/111/")) == 2
    finally:
        await fake.close()
