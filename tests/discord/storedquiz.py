"""`StoredQuiz`: a stand-in quiz for the Discord tests, recording daily answers in real storage.

One fixed question (B is right); daily answers go through `Storage.record_answer`, so a restart
(a new bot on the same storage) is a real restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.errors import UserError
from bot.model import Attachment, Button, Click, Field, Place, Reply, Request
from bot.storage import ChannelRef, Storage

RIGHT = "B"
EXPORT_CSV = b"date,question,user_id,name,choice,correct,points\n2026-01-05,demo,700000000000000001,Ana,B,True,10\n"


@dataclass
class StoredQuiz:
    """One fixed question whose daily answers go through `Storage.record_answer`."""

    storage: Storage

    async def command(self, request: Request, name: str, args: str) -> Reply:
        if name == "schedule":
            if not request.user.is_admin:
                raise UserError("Only people with Manage Server can change the schedule. Ask one of them.")
            return Reply(text=f"Scheduled: {args}", tone="success")
        if name == "stats":
            return Reply(title="Your stats", fields=(Field("Streak", "3 days", inline=True),))
        if name == "export":
            if not request.user.is_admin:
                raise UserError("Only channel admins can export results.")
            return Reply(title="Results export", attachment=Attachment("results.csv", EXPORT_CSV))
        return self.question("quiz:p:demo", private=True)

    def question(self, prefix: str, private: bool = False) -> Reply:
        """The question with one button per option."""
        return Reply(title="Which service issues temporary credentials?", private=private,
                     buttons=tuple(Button(label=o, action_id=f"{prefix}:{o}") for o in "ABCD"))

    async def open_post(self, place: Place) -> tuple[int, Reply]:
        """Claim a daily post in `place`; its id and the reply to post."""
        channel = await self.storage.channel_id(ChannelRef(place.platform, place.workspace, place.channel))
        post_id = await self.storage.claim_post(channel, datetime.now(UTC).date().isoformat(), "demo", _now())
        assert post_id is not None
        return post_id, self.question(f"quiz:{post_id}")

    async def click(self, click: Click) -> Reply:
        _, post, choice = click.action_id.rsplit(":", 2)
        if not post.isdigit():
            return Reply(text="Correct!" if choice == RIGHT else f"Not quite: {RIGHT} is right.")
        result = await self.storage.record_answer(int(post), click.place.platform, click.user.id,
                                                  click.user.name, choice, choice == RIGHT, 1, _now())
        if result is None:
            return Reply(text="That question is no longer available.", tone="warning")
        if result.recorded:
            return Reply(text="Correct!" if result.correct else f"Not quite: {RIGHT} is right.")
        if result.closed and result.choice is None:
            return Reply(text="Answers are closed for this question.", tone="warning")
        return Reply(text=f"You already answered {result.choice}; one answer per question.", tone="warning")

    async def reveal(self, post_id: int) -> Reply:
        """Close answers and build the edited post."""
        await self.storage.claim_reveal(post_id, _now())
        tally = await self.storage.tally(post_id)
        return Reply(title="Answer: B (answers closed)", private=False,
                     fields=(Field(f"Answers ({tally.total})", str(tally.counts)),))


def _now() -> datetime:
    return datetime.now(UTC)
