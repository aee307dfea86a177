"""The conversation's memory is per person, channel and thread, short-lived and bounded."""

from bot.memory import Context, Memory
from bot.model import Button, Place, User

ANN, BOB = User("U1"), User("U2")
CHANNEL = Place("slack", "C1", "T1")


def test_contexts_are_per_person_and_shared_in_a_thread():
    memory = Memory()
    thread = Place("slack", "C1", "T1", thread="1700.1")
    memory.remember(thread, ANN, Context(intent="lookup", notes=("sts",)))
    assert memory.recall(CHANNEL, ANN).notes == ("sts",)  # Ann, anywhere in the channel
    assert memory.recall(CHANNEL, BOB) is None  # not Bob outside the thread
    assert memory.recall(thread, BOB).notes == ("sts",)  # but Bob replying in the thread
    assert memory.recall(Place("slack", "C2", "T1"), ANN) is None  # nor another channel


def test_contexts_expire_and_the_oldest_go_first():
    now = [0.0]
    memory = Memory(ttl=60, size=3, clock=lambda: now[0])
    memory.remember(CHANNEL, ANN, Context(notes=("sts",)))
    memory.offer(CHANNEL, ANN, (Button("A", "quiz:p:q:A"),))
    now[0] = 61
    assert memory.recall(CHANNEL, ANN) is None and memory.offered(CHANNEL, ANN) == ()
    for n in range(5):
        memory.remember(CHANNEL, User(f"U{n}"), Context(notes=(str(n),)))
    assert len(memory._items) == 3
    assert memory.recall(CHANNEL, User("U0")) is None and memory.recall(CHANNEL, User("U4")).notes == ("4",)
