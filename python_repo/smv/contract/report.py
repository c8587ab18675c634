"""The suite's results as a text table and as JUnit XML (one testcase per rule)."""
from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from smv.contract.suite import Outcome


def table(outcomes: Sequence[Outcome], target: str) -> str:
    """One line per rule, failures followed by the request and the answer, then a count."""
    width = max((len(o.rule) for o in outcomes), default=4)
    lines = [f"SMV repository contract: {target}", f"{'rule':<{width}}  result  detail"]
    for o in outcomes:
        lines.append(f"{o.rule:<{width}}  {o.status:<6}  {o.summary if o.status != 'skip' else o.why}")
        if o.status in ("fail", "error"):
            for label, text in (("broken", o.why), ("request", o.request), ("got", o.got)):
                lines.append(textwrap.indent(f"{label}: {text}", " " * (width + 10)))
    counts = {s: sum(o.status == s for o in outcomes) for s in ("pass", "fail", "error", "skip")}
    lines.append(f"{counts['pass']} passed, {counts['fail'] + counts['error']} failed, {counts['skip']} skipped")
    return "\n".join(lines)


def write_junit(outcomes: Sequence[Outcome], target: str, path: str | Path) -> None:
    """JUnit XML: testsuite "smv.contract", a testcase per rule (classname = the rule's group)."""
    suite = ET.Element("testsuite", name="smv.contract", tests=str(len(outcomes)),
                       failures=str(sum(o.status == "fail" for o in outcomes)),
                       errors=str(sum(o.status == "error" for o in outcomes)),
                       skipped=str(sum(o.status == "skip" for o in outcomes)),
                       time=f"{sum(o.seconds for o in outcomes):.3f}")
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="target", value=target)
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", classname=f"smv.contract.{o.rule.split('.')[0]}", name=o.rule,
                             time=f"{o.seconds:.3f}")
        if o.status == "skip":
            ET.SubElement(case, "skipped", message=o.why)
        elif o.status in ("fail", "error"):
            element = ET.SubElement(case, "failure" if o.status == "fail" else "error",
                                    message=f"{o.rule}: {o.why}")
            element.text = o.failure_text()
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
