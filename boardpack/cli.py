"""The ``boardpack`` command line: run, extract, evaluate."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from boardpack.settings import default_settings, use_local_prefect_home

DESCRIPTION = """\
boardpack turns board papers (PDF) into a validated longitudinal dataset.

  boardpack run                       pull → extract → map → validate → publish
                                      over raw_papers/ into outputs/
  boardpack extract PDF... --json F   tables only, with provenance, as JSON
  boardpack evaluate --truth DIR F    score an extract JSON against truth tables
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="boardpack", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="the main job: pull, extract, map, validate, publish",
        description="Run the board-papers Prefect flow (pull → extract → map → validate → publish). "
        "With no Prefect server configured it runs in ephemeral mode with its state in OUT/prefect.",
    )
    run.add_argument("--source", type=Path, help="folder of PDFs (default: raw_papers/)")
    run.add_argument("--out", type=Path, help="where everything is written (default: outputs/)")

    ext = sub.add_parser(
        "extract",
        help="extract every table of the given PDFs to JSON",
        description="Extract every table of each PDF (page, bbox and method for every table and cell) "
        'and write {"papers": [{"file", "sha256", "pages", "tables": [...]}]} to --json. '
        "A page that cannot be parsed is reported in the paper's 'errors' and the rest goes on.",
    )
    ext.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    ext.add_argument("--json", required=True, type=Path, dest="json_out", metavar="FILE", help="output file")

    ev = sub.add_parser(
        "evaluate",
        help="score an extract JSON against truth tables",
        description="Per truth data table: exact match after whitespace collapse, and the ICDAR-2013 "
        "adjacency-relation precision, recall and F1; a table per paper and a summary.",
    )
    ev.add_argument("--truth", required=True, type=Path, help="folder of truth *.json files")
    ev.add_argument("pred", type=Path, metavar="PRED.json", help="output of boardpack extract")
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    """Run the flow; print the release and where to look."""
    settings = default_settings(args.source, args.out)
    use_local_prefect_home(settings)
    from flows.board_papers import run_here  # imports prefect: after PREFECT_HOME is set

    summary = run_here(source=str(settings.source), out=str(settings.out))
    state = "new release" if summary.new_release else "unchanged release"
    print(
        f"{state} {summary.release_id}: {summary.papers} papers, {summary.observations} observations, "
        f"{summary.errors} validation errors, {summary.warnings} warnings\n"
        f"dataset: {settings.out / 'dataset'}\nstore:   {settings.database}"
    )
    for line in summary.undated:
        print(f"warning: {line}")
    if summary.unmapped:
        print(f"{len(summary.unmapped)} tables left unmapped (kept as tidy cells):")
        print("\n".join(f"  {line}" for line in summary.unmapped))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract each PDF; a paper that fails entirely is reported and the rest go on."""
    from extractors import extract_paper

    papers = []
    failed = 0
    for i, pdf in enumerate(args.pdfs, 1):
        print(f"[{i}/{len(args.pdfs)}] {pdf}", file=sys.stderr)
        try:
            extracted = extract_paper(pdf)
        except Exception as exc:  # one bad file must not stop the batch
            failed += 1
            print(f"error: {pdf}: {exc}", file=sys.stderr)
            papers.append(
                {
                    "file": pdf.name,
                    "sha256": None,
                    "pages": 0,
                    "tables": [],
                    "errors": [{"file": pdf.name, "page": None, "message": str(exc)}],
                }
            )
            continue
        for e in extracted.errors:
            print(f"error: {e.file} page {e.page}: {e.message}", file=sys.stderr)
        papers.append(extracted.to_contract())
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps({"papers": papers}, indent=1, ensure_ascii=False))
    return 1 if failed == len(args.pdfs) else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print the score report of a prediction file."""
    from extractors.scoring import format_report, score

    report = score(args.truth, json.loads(args.pred.read_text()))
    print(format_report(report))
    return 0


COMMANDS = {"run": cmd_run, "extract": cmd_extract, "evaluate": cmd_evaluate}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``boardpack`` console script."""
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
