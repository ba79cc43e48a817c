"""The ``boardpack`` command line: run, extract, evaluate, schemas draft."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from boardpack import exit_codes
from boardpack.settings import RunSettings, default_settings, use_local_prefect_home

if TYPE_CHECKING:
    from boardpack.stages import RunSummary

DESCRIPTION = (
    """\
boardpack turns board papers (PDF) into a validated longitudinal dataset.

  boardpack run                       pull → extract → map → validate → publish
                                      over raw_papers/ into outputs/
  boardpack extract PDF... --json F   tables only, with provenance, as JSON
  boardpack evaluate --truth DIR F    score an extract JSON against truth tables
  boardpack schemas draft PDF --table T [--out FILE]
                                      a starting YAML family from one extracted table

"""
    + exit_codes.help_text()
    + """ (run and extract alike)
"""
)
QUARANTINE_SHOWN = 20


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="boardpack", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="the main job: pull, extract, map, validate, publish",
        description="Run the board-papers Prefect flow (pull → extract → map → validate → publish). "
        "With no Prefect server configured it runs in ephemeral mode with its state in OUT/prefect. "
        "Each paper is read in a worker process under limits (BOARDPACK_TIME_LIMIT, "
        "BOARDPACK_MEMORY_LIMIT_MB, BOARDPACK_STREAM_LIMIT_MB, BOARDPACK_PAGE_OBJECT_LIMIT); a file "
        "that cannot be read is quarantined with its reason and the rest goes on. One run at a time "
        "per OUT (a lock file).\n\n" + exit_codes.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--source", type=Path, help="folder of PDFs or a sources .yaml file (default: raw_papers/)"
    )
    run.add_argument("--out", type=Path, help="where everything is written (default: outputs/)")
    run.add_argument(
        "--wait", type=float, default=0.0, metavar="SECONDS",
        help="wait up to SECONDS for another run on the same --out to finish (default: exit at once)",
    )  # fmt: skip
    run.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of a failure"
    )

    ext = sub.add_parser(
        "extract",
        help="extract every table of the given PDFs to JSON",
        description="Extract every table of each PDF (page, bbox and method for every table and cell) "
        'and write {"papers": [{"file", "sha256", "pages", "tables": [...]}]} to --json. '
        "A page that cannot be parsed is reported in the paper's 'errors' and the rest goes on; "
        "a file that is not a readable PDF (empty, HTML, Word, image, damaged, password, no text "
        "layer, over a limit) is one error with its 'kind'.\n\n" + exit_codes.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ext.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of a failure"
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

    fam = sub.add_parser(
        "schemas",
        help="table families: draft one from a paper's table",
        description="Work with the YAML table families of schemas/, which turn tables into named series. "
        "A table no family recognises is still published as tidy cells; to make series of it, draft a "
        "family from it, edit the draft, drop it into schemas/, run, and check the table in the audit "
        "report (schemas/README.md, 'Onboarding a board').",
    )
    fam_sub = fam.add_subparsers(dest="schemas_command", required=True, metavar="SUBCOMMAND")
    draft = fam_sub.add_parser(
        "draft",
        help="write a starting YAML family from one extracted table",
        description="Extract PDF, read table --table as tidy cells and write a YAML family that recognises "
        "and maps it: recognition patterns from its caption and headers, its periods and categories, its "
        "total rows. Edit it, drop it into schemas/, run, and check the table in the audit report. "
        "With --out the family is named after the file (schemas/<family>.yaml); else it is printed.",
    )
    draft.add_argument("pdf", type=Path, metavar="PDF")
    draft.add_argument("--table", required=True, metavar="ID", help="table id as extracted (t01, t02, ...)")
    draft.add_argument("--out", type=Path, metavar="FILE", help="where to write the YAML (default: stdout)")
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    """Run the flow; print the release, what was quarantined and where to look."""
    from boardpack.lock import run_lock
    from boardpack.preflight import check_source, check_writable

    settings = default_settings(args.source, args.out)
    check_source(settings)
    with run_lock(settings.out, wait=args.wait):
        check_writable(settings)
        summary = _run(settings)
    if summary.papers == 0 and not summary.quarantined:
        print(f"nothing new: no papers in {settings.source}")
        return exit_codes.OK
    state = "new release" if summary.new_release else "unchanged release"
    print(
        f"{state} {summary.release_id or '(none)'}: {summary.papers} papers, {summary.observations} observations, "
        f"{summary.errors} validation errors, {summary.warnings} warnings\n"
        f"dataset: {settings.out / 'dataset'}\nstore:   {settings.database}"
    )
    for line in summary.undated:
        print(f"warning: {line}")
    if summary.unmapped:
        print(f"{len(summary.unmapped)} tables left unmapped (kept as tidy cells):")
        print("\n".join(f"  {line}" for line in summary.unmapped))
    _print_quarantine(summary.quarantined)
    print(where_to_look(summary.audit_report, summary.docs_index))
    return exit_codes.QUARANTINED if summary.held_back else exit_codes.OK


def _run(settings: RunSettings) -> RunSummary:
    """A run of ``settings``: settled before Prefect starts when nothing is new
    (``unchanged_run``), else the flow, against a temporary server unless one is set.

    The temporary server is launched first, before Prefect is imported (``PREFECT_HOME``
    set): it boots (seconds) while this process checks whether anything is new and
    imports Prefect, the flow and its stages, and GX imports in a process of its own; a
    run that finds nothing new stops it unused."""
    from flows.ephemeral import launch, may_be_wanted, stop, wanted

    use_local_prefect_home(settings)
    # A real server records every run, one with nothing new too.
    server = launch() if may_be_wanted() else None
    if server is not None:
        from boardpack.unchanged import unchanged_run
        from boardpack.validation import gx_process

        unchanged = unchanged_run(settings)
        if unchanged is not None:
            stop(server)
            return unchanged
        gx_process.warm()
    from flows.board_papers import run_here

    if server is not None and not wanted():  # the active profile names a server
        stop(server)
        server = None
    return run_here(source=str(settings.source), out=str(settings.out), server=server)


def _print_quarantine(lines: list[str]) -> None:
    if not lines:
        return
    print(f"quarantined ({len(lines)}; all in the store's quarantine table):")
    for line in lines[:QUARANTINE_SHOWN]:
        print(f"  {line}")
    if len(lines) > QUARANTINE_SHOWN:
        print(f"  ... and {len(lines) - QUARANTINE_SHOWN} more")


def where_to_look(audit_index: Path | None, docs_index: Path | None) -> str:
    """The lines naming the audit site and the Data Docs (or that they were not written)."""
    audit = audit_index.as_uri() if audit_index else "(not written)"
    docs = docs_index.as_uri() if docs_index else "(not built)"
    return f"audit site: {audit}\nData Docs:  {docs}"


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract each PDF in a worker process under the run limits; a file that cannot be
    read is reported with its kind and the rest go on."""
    from boardpack.extract_files import extract_files

    papers, held = extract_files(args.pdfs)
    try:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps({"papers": papers}, indent=1, ensure_ascii=False))
    except OSError as exc:
        print(f"boardpack: cannot write {args.json_out}: {exc.strerror or exc}", file=sys.stderr)
        return exit_codes.FAILED
    return exit_codes.QUARANTINED if held else exit_codes.OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print the score report of a prediction file."""
    from extractors.scoring import format_report, score

    report = score(args.truth, json.loads(args.pred.read_text()))
    print(format_report(report))
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    """``schemas draft``: draft a family from one table, check it loads and maps the table."""
    import yaml

    from boardpack.models import Paper
    from boardpack.paper_facts import with_facts
    from extractors import extract_paper
    from schemas.draft import draft_family, family_yaml
    from schemas.mapping import map_paper
    from schemas.spec import parse_schema

    extracted = extract_paper(args.pdf)
    table = next((t for t in extracted.tables if t.id == args.table), None)
    if table is None:
        ids = ", ".join(f"{t.id} ({t.kind})" for t in extracted.tables) or "none"
        print(f"error: {args.pdf}: no table {args.table}; its tables: {ids}", file=sys.stderr)
        return 2
    try:
        doc = draft_family(table, args.out.stem if args.out else None)
    except ValueError as exc:
        print(f"error: {args.pdf}: {exc}", file=sys.stderr)
        return 2
    text = family_yaml(doc, f"{args.pdf.name} {table.id}")
    schema = parse_schema(yaml.safe_load(text), f"{doc['family']}.yaml")
    paper = with_facts(Paper(args.pdf.name, extracted.sha256, str(args.pdf)), extracted.facts)
    found = map_paper(paper, [table], (schema,))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    mapped = found.mapped[0].observations if found.mapped else 0
    print(
        f"drafted family {doc['family']} from {args.pdf.name} {table.id}: it maps {mapped} observations "
        f"of the table's {len(found.cells)} tidy cells (meeting date {paper.meeting_date}, "
        f"from its {paper.meeting_date_source})",
        file=sys.stderr,
    )
    return 0


COMMANDS = {"run": cmd_run, "extract": cmd_extract, "evaluate": cmd_evaluate, "schemas": cmd_schemas}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``boardpack`` console script: a failure is one line on stderr
    and exit code 2 (``--debug`` shows the traceback)."""
    from boardpack.errors import RunError
    from boardpack.sources import SourceError
    from boardpack.worker.collector import pace_for_batches

    args = build_parser().parse_args(argv)
    pace_for_batches()
    try:
        return COMMANDS[args.command](args)
    except (RunError, SourceError) as exc:
        if args.debug:
            raise
        print(f"boardpack: {' '.join(str(exc).split())}", file=sys.stderr)
    except KeyboardInterrupt:
        print("boardpack: interrupted", file=sys.stderr)
    except Exception as exc:
        if args.debug:
            raise
        print(f"boardpack: the run failed: {type(exc).__name__}: {_one_line(exc)} (--debug shows the traceback)",
              file=sys.stderr)  # fmt: skip
    return exit_codes.FAILED


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""


if __name__ == "__main__":
    raise SystemExit(main())
