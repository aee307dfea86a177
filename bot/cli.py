"""The core's own commands (`validate`, `ask`, `eval`, `bench`); `adapters/cli.py` adds the rest.

Runnable on its own, e.g. `python -m bot.cli validate knowledge`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.layers import load_layers, parse_layers
from bot.notes import KnowledgeError
from bot.rules import RULE_NAMES
from bot.validate import run_validate
from knowledge import shipped_dir


def _knowledge(args: argparse.Namespace) -> tuple[Path, ...]:
    given = getattr(args, "knowledge", None)
    return parse_layers(given, shipped_dir()) if given else Settings.from_env().knowledge


def _load_tutor(args: argparse.Namespace, as_of: date | None = None):
    from bot.tutor import Tutor

    without = frozenset(getattr(args, "without", None) or ())
    notes = load_layers(_knowledge(args))
    return Tutor(notes.view(as_of) if as_of else notes, disabled=without)


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question and print the reply (or a JSON object with `--json`); a question
    starting or ending with `as of YYYY-MM-DD` is answered with that day's facts."""
    from bot.asof import split_as_of
    from bot.errors import UserError

    text = " ".join(args.text) if args.text else _stdin_text()
    try:
        day, rest = split_as_of(text)
    except UserError as err:
        print(err.text, file=sys.stderr)
        return 1
    answer = _load_tutor(args, day).answer(rest if day else text)
    if args.json:
        print(json.dumps({
            "intent": answer.intent,
            "results": [asdict(r) for r in answer.results],
            "choice": list(answer.choice),
            "confidence": round(answer.confidence, 3),
            "label": answer.label,
            "text": answer.reply.plain(),
        }, ensure_ascii=False, indent=2))
    else:
        print(answer.reply.plain())
    return 0


def _stdin_text() -> str:
    """Standard input as text whatever its bytes: invalid UTF-8 becomes U+FFFD. Decoding by the
    locale would raise, or (C locale) keep the bad bytes as surrogates that `print` writes back."""
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read().decode("utf-8", "replace") if stream is not None else sys.stdin.read()


def cmd_notes_import(args: argparse.Namespace) -> int:
    """Turn Markdown study notes into draft knowledge (overlays and draft entries)."""
    from bot.mdimport import run_import

    return run_import(args.files, args.into, _knowledge(args))


def cmd_deck(args: argparse.Namespace) -> int:
    """Write the question bank (or one layer's questions) as an Anki deck."""
    from bot.anki import deck_bytes
    from bot.quiz.bank import load_banks

    layers = _knowledge(args)
    notes = load_layers(layers)
    only = [p for p in layers if args.only and p.resolve() == args.only.resolve()]
    if args.only and not only:
        print(f"{args.only} is not one of the knowledge layers ({':'.join(map(str, layers))})")
        return 1
    questions, errors = load_banks(only or layers, set(notes.entries))
    for error in errors:
        print(f"skipped: {error}", file=sys.stderr)
    day = args.as_of or date.today()
    questions = [q for q in questions if q.in_force(day)]  # a deck holds one day's lineup, not both sides
    args.out.write_bytes(deck_bytes(questions, "awstutor: AWS Cloud Practitioner"))
    print(f"{args.out}: {len(questions)} questions")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """What changes in the knowledge soon: dated note versions and quiz questions starting or ending."""
    from bot.changes import run_changes

    return run_changes(_knowledge(args), args.within, args.as_of or date.today())


def _within(text: str):
    from bot.changes import parse_within

    try:
        return parse_within(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _day(text: str):
    from bot.dated import parse_day

    day = parse_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD")
    return day


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure answer quality on a practice-question file."""
    from bot.evaluate import evaluate, read_questions

    if not args.file.is_file():
        print(f"awstutor eval: {args.file} not found: give a JSON-lines file of practice questions "
              "(one object per line with question, options and answer; see README, Measuring)", file=sys.stderr)
        return 2
    try:
        report = evaluate(_load_tutor(args), read_questions(args.file, args.half))
    except ValueError as err:
        print(f"awstutor eval: {err}", file=sys.stderr)
        return 2
    summary = report.summary()
    if args.predictions:
        with args.predictions.open("w", encoding="utf-8") as f:
            for p in report.predictions:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{'rows':<10}{'questions':>10}{'MC':>8}{'open@1':>9}{'open@3':>9}")
        for kind, s in summary.items():
            if kind != "calibration":
                print(f"{kind:<10}{s['questions']:>10}{s['mc_accuracy']:>7}%{s['open_top1']:>8}%{s['open_top3']:>8}%")
        print(f"\n{'label':<10}{'questions':>10}{'share':>8}{'MC':>8}")
        for name, c in summary["calibration"].items():
            print(f"{name:<10}{c['questions']:>10}{c['share']:>7}%{c['mc_accuracy']:>7}%")
    for miss in report.misses[: args.misses]:
        print(json.dumps(miss, ensure_ascii=False))
    return 0


def cmd_fit(args: argparse.Namespace) -> int:
    """Fit the option scorer's weights on the tuning half (even lines) of a practice file. The
    checking half is never read, so `eval --half check` stays a fair measure of the result."""
    from bot import learned
    from bot.evaluate import evaluate, fit_examples, read_questions

    if not args.file.is_file():
        print(f"awstutor fit: {args.file} not found: give the JSON-lines practice file to fit on", file=sys.stderr)
        return 2
    try:
        rows = list(read_questions(args.file, "tune"))
    except ValueError as err:
        print(f"awstutor fit: {err}", file=sys.stderr)
        return 2
    tutor = _load_tutor(args)
    examples = fit_examples(tutor, rows)
    weights = learned.Weights(learned.fit(examples), f"{args.file.name}, tuning half (even lines): {len(rows)} rows, "
                                                     f"{len(examples)} of them answered by the weights")
    out = args.out or learned.WEIGHTS_FILE
    learned.save(weights, out)
    for name, value in zip(learned.FEATURES, weights.values):
        print(f"{name:>10}: {value:+.4f}")
    print(f"wrote {out}")
    if out == learned.WEIGHTS_FILE:
        after = evaluate(tutor, rows).summary()["all"]["mc_accuracy"]
        print(f"tuning half now {after}%; measure with `awstutor eval --half check {args.file}`")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Time the tutor (the quiz and adapters add their own `bench` targets)."""
    from bot.bench import run_bench

    result = run_bench(_knowledge(args), scale=args.scale, rounds=args.rounds)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>12}: {value}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the core's subcommands to the `awstutor` parser."""
    p = sub.add_parser("validate", help="check the knowledge files and print every problem")
    p.add_argument("dir", nargs="?", help="knowledge folder, or layers such as shipped:DIR (default: AWSTUTOR_KNOWLEDGE)")
    p.set_defaults(func=lambda a: run_validate(parse_layers(a.dir, shipped_dir()) if a.dir else _knowledge(a)))

    p = sub.add_parser("ask", help="answer one question, e.g. awstutor ask \"sts vs cognito\"")
    p.add_argument("text", nargs="*", help="the question (read from standard input when omitted)")
    p.add_argument("--json", action="store_true", help="print intent, results, choice and text as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("notes", help="bring your own notes: `notes import FILE.md... --into DIR`")
    notes_sub = p.add_subparsers(dest="notes_command", required=True)
    p = notes_sub.add_parser("import", help="turn Markdown notes into draft knowledge files in DIR/notes")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.md")
    p.add_argument("--into", type=Path, required=True, metavar="DIR", help="folder to write (a knowledge layer)")
    p.set_defaults(func=cmd_notes_import)

    p = sub.add_parser("knowledge", help="maintainer tools for the knowledge: `knowledge changes`")
    knowledge_sub = p.add_subparsers(dest="knowledge_command", required=True)
    p = knowledge_sub.add_parser("changes", help="list dated facts and quiz questions that change soon")
    p.add_argument("--within", type=_within, default=_within("90d"), metavar="PERIOD",
                   help="how far ahead to look: days or weeks, e.g. 90d (default) or 12w")
    p.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD", help="look ahead from this day instead of today")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("deck", help="write the quiz bank as an Anki deck (.apkg)")
    p.add_argument("--out", type=Path, default=Path("awstutor.apkg"), help="file to write (default: awstutor.apkg)")
    p.add_argument("--only", type=Path, metavar="DIR", help="only the questions of this knowledge layer (a group's own)")
    p.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD",
                   help="the questions that hold on this day, e.g. your exam day (default: today)")
    p.set_defaults(func=cmd_deck)

    p = sub.add_parser("fit", help="fit the option scorer's weights on the tuning half of practice questions")
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, default=None, help="weights file to write (default: the one the bot reads)")
    p.set_defaults(func=cmd_fit)

    p = sub.add_parser("eval", help="measure answer quality on practice questions (JSON lines)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--predictions", type=Path, metavar="OUT", help="write one prediction per question")
    p.add_argument("--misses", type=int, default=0, metavar="N", help="list N misses")
    p.add_argument("--half", choices=("tune", "check"),
                   help="only the tuning half (even lines) or the checking half (odd lines)")
    p.add_argument("--without", action="append", metavar="RULE", choices=sorted(RULE_NAMES),
                   help="switch a matcher rule off to measure what it is worth (repeatable)")
    p.set_defaults(func=cmd_eval)


def add_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=int, default=1, help="replicate the knowledge base K times")
    p.add_argument("--rounds", type=int, default=50, help="passes over the query mix")
    p.add_argument("--json", action="store_true")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    parser.add_argument("--knowledge", help="knowledge folder or layers, e.g. shipped:DIR (default: AWSTUTOR_KNOWLEDGE or shipped)")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    bench = sub.add_parser("bench", help="time answering")
    add_bench_args(bench)
    bench.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KnowledgeError as err:
        print(err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
