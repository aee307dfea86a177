"""The `/aws` application-command group (same words as the terminal) and `/aws-admin`.

Each subcommand only turns its options into the text the core reads (`lookup sts`,
`compare sts cognito`) and hands it to `Handlers.command`.

Discord ignores `default_member_permissions` on subcommands (only top-level commands can be
hidden), so the admin commands live in their own top-level group `/aws-admin`, hidden from
members without Manage Server. The core checks `User.is_admin` as well, because server admins
can change who sees a command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord.handlers import Handlers

MAX_CHOICES = 25


class Names:
    """Service names and aliases for autocomplete: (what people type, the name to look up).

    Read from the notes the bot serves now, so a `reload` with new notes shows up here too."""

    def __init__(self, entries_of: Callable[[], Mapping[str, Any]]) -> None:
        self._entries_of = entries_of
        self._read: Mapping[str, Any] | None = None
        self._pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_entries(cls, entries: Mapping[str, Any]) -> Names:
        return cls(lambda: entries)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Every note's name, short name and aliases, each pointing at the note's name."""
        entries = self._entries_of()
        if entries is not self._read:
            pairs = [(said, entry.name) for entry in entries.values()
                     for said in dict.fromkeys([entry.name, entry.short, *entry.aliases]) if said]
            self._pairs = tuple(sorted(pairs, key=lambda p: p[0].casefold()))
            self._read = entries
        return self._pairs

    def suggest(self, typed: str, limit: int = MAX_CHOICES) -> list[app_commands.Choice[str]]:
        """Up to `limit` choices: prefix matches first, then substring matches, one per note."""
        needle = " ".join(typed.casefold().split())
        ranked = sorted(
            ((0 if said.casefold().startswith(needle) else 1, said, name)
             for said, name in self.pairs if needle in said.casefold()),
            key=lambda t: (t[0], len(t[1])),
        )
        seen: set[str] = set()
        out: list[app_commands.Choice[str]] = []
        for _rank, said, name in ranked:
            if name in seen:
                continue
            seen.add(name)
            label = name if said == name else f"{said} → {name}"
            out.append(app_commands.Choice(name=label[:100], value=name[:100]))
            if len(out) == limit:
                break
        return out


Period = Literal["week", "month", "all"]


class Aws(app_commands.Group):
    """`/aws ...` for everyone."""

    def __init__(self, handlers: Handlers, names: Names) -> None:
        super().__init__(name="aws", description="Study for AWS Certified Cloud Practitioner (CLF-C02)")
        self.handlers = handlers
        self.names = names

    @app_commands.command(description="Ask which service fits, or paste an exam question")
    @app_commands.describe(text="Your question, e.g. which service gives temporary credentials?")
    async def ask(self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 4000]) -> None:
        await self.handlers.command(interaction, text)

    @app_commands.command(description="Like ask, but the answer is posted for the whole channel")
    @app_commands.describe(text="Your question, e.g. sts vs cognito")
    async def share(self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 4000]) -> None:
        await self.handlers.command(interaction, f"share {text}")

    @app_commands.command(description="A service card (typos are fine)")
    @app_commands.describe(service="A service name or alias, e.g. sts, simple ad")
    async def lookup(self, interaction: discord.Interaction, service: app_commands.Range[str, 1, 200]) -> None:
        await self.handlers.command(interaction, f"lookup {service}")

    @lookup.autocomplete("service")
    async def _lookup_names(self, _interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return self.names.suggest(current)

    @app_commands.command(description="Two services side by side")
    async def compare(self, interaction: discord.Interaction, first: app_commands.Range[str, 1, 200],
                      second: app_commands.Range[str, 1, 200]) -> None:
        await self.handlers.command(interaction, f"compare {first} vs {second}")

    @app_commands.command(description="A practice question for you alone")
    async def quiz(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "quiz")

    @app_commands.command(description="The questions you are due to see again")
    async def review(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "review")

    @app_commands.command(description="Your accuracy per exam domain, streak and weak spots")
    async def stats(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "stats")

    @app_commands.command(description="This channel's top scorers")
    async def leaderboard(self, interaction: discord.Interaction, period: Period = "week") -> None:
        await self.handlers.command(interaction, f"leaderboard {period}")

    @app_commands.command(description="A private mock exam like CLF-C02, or your exam date")
    @app_commands.describe(what="Empty for 65 questions, a number (e.g. 20), stop, result, or date 2027-01-15")
    async def exam(self, interaction: discord.Interaction, what: app_commands.Range[str, 0, 40] = "") -> None:
        await self.handlers.command(interaction, f"exam {what}".strip())

    @app_commands.command(description="How ready you are for the exam, and what to study next")
    async def ready(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "ready")

    @app_commands.command(description="A private daily reminder of what to study, at your own time")
    @app_commands.describe(what="on, on 08:00 Europe/London, or off")
    async def remind(self, interaction: discord.Interaction, what: app_commands.Range[str, 0, 60] = "") -> None:
        await self.handlers.command(interaction, f"remind {what}".strip())

    @app_commands.command(description="Your missed and due questions as an Anki deck")
    async def anki(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "export anki")

    @app_commands.command(name="my-data", description="Everything stored about you, as a JSON file")
    async def my_data(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "export me")

    @app_commands.command(description="Delete your answers, scores and review state (asks to confirm)")
    async def forget(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "forget me")

    @app_commands.command(description="Every command, or help on one")
    async def help(self, interaction: discord.Interaction, topic: str = "") -> None:
        await self.handlers.command(interaction, f"help {topic}".strip())


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class AwsAdmin(app_commands.Group):
    """`/aws-admin ...`: hidden from members without Manage Server."""

    def __init__(self, handlers: Handlers) -> None:
        super().__init__(name="aws-admin", description="awstutor settings for server admins")
        self.handlers = handlers

    @app_commands.command(description="When the daily question is posted here, e.g. 09:00 Europe/London mon-fri")
    @app_commands.describe(when="HH:MM Zone days, or off")
    async def schedule(self, interaction: discord.Interaction, when: app_commands.Range[str, 0, 100] = "") -> None:
        await self.handlers.command(interaction, f"schedule {when}".strip())

    @app_commands.command(description="A weekly digest of this channel's results, with a chart")
    async def digest(self, interaction: discord.Interaction,
                     switch: Literal["on", "off", "now", "status"] = "status") -> None:
        await self.handlers.command(interaction, "digest" if switch == "status" else f"digest {switch}")

    @app_commands.command(description="Read the knowledge folders again (kept as they were if the new files have errors)")
    async def reload(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "reload")

    @app_commands.command(description="Which questions this channel uses: shipped, your group's own, or both")
    async def pool(self, interaction: discord.Interaction,
                   which: Literal["shipped", "own", "both", "show"] = "show") -> None:
        await self.handlers.command(interaction, "pool" if which == "show" else f"pool {which}")

    @app_commands.command(description="This channel's results as CSV")
    async def export(self, interaction: discord.Interaction) -> None:
        await self.handlers.command(interaction, "export")

    @app_commands.command(description="The question bank, or your group's own questions, as an Anki deck")
    async def deck(self, interaction: discord.Interaction, which: Literal["all", "ours"] = "all") -> None:
        await self.handlers.command(interaction, f"export anki {which}")


def groups(handlers: Handlers, names: Names) -> Iterable[app_commands.Group]:
    """Every command group this adapter registers."""
    return (Aws(handlers, names), AwsAdmin(handlers))
