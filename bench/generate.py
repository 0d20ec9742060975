#!/usr/bin/env python3
"""Generates a realistic, seeded corpus of valid SOPs for the benchmarks.

    bench/generate.py --count N --out DIR [--seed S]

(bench/run.sh makes the Markdown corpus from it with `sopkit convert`.)

Each SOP looks like the ones ops teams write (see examples/): a title, a
department, purpose and scope, terms for its acronyms, two or three roles,
metrics, and 8-25 steps with decisions, retry loops, escalations, scripts,
notes and substeps. Every file passes `sopkit check` with no error.
"""
import argparse, os, random

DEPARTMENTS = ["Customer Service", "Finance", "IT Support", "Logistics", "People Operations", "Sales"]
VERBS = ["Check", "Confirm", "Record", "Send", "Review", "Update", "Call", "Escalate", "Close", "Verify",
         "Prepare", "Schedule", "Log", "Notify", "Assign", "Document", "Approve", "Archive"]
OBJECTS = ["the ticket", "the customer record in the CRM", "the invoice", "the delivery note",
           "the refund request", "the access rights", "the incident report", "the SLA clock",
           "the order history", "the payment status", "the shipping label", "the onboarding checklist"]
TAILS = ["before the end of the shift", "with the customer on the line", "in the shared drive",
         "and note the time", "as the policy requires", "within the agreed response time", ""]
TERMS = {"CRM": "Customer relationship management system, where every contact is logged.",
         "SLA": "Service level agreement: the response and resolution times promised.",
         "ETA": "Estimated time of arrival of a delivery.",
         "KYC": "Know your customer: the identity checks the law requires."}
ROLES = [("agent", "Agent on duty"), ("lead", "Team lead of the shift"), ("manager", "Duty manager")]


def sentence(rng):
    tail = rng.choice(TAILS)
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{' ' + tail if tail else ''}."


def steps(rng):
    count = rng.randint(8, 25)
    out = []
    for i in range(count):
        step = {"id": f"s{i + 1}", "text": sentence(rng), "role": rng.choice(ROLES[:2])[0],
                "duration": f"{rng.randint(1, 30)}m"}
        if rng.random() < 0.25:
            step["substeps"] = [sentence(rng) for _ in range(rng.randint(2, 3))]
        if rng.random() < 0.15:
            step["script"] = "Thank you for waiting, I am checking this for you now."
        if rng.random() < 0.1:
            step["note"] = "Use the CRM for every contact, so the history stays complete."
        out.append(step)
    # Decisions: a retry loop back, or an escalation forward.
    for i in range(3, count - 2, rng.randint(4, 6)):
        out[i]["text"] = f"Did {rng.choice(OBJECTS)} check out?"
        back = rng.randint(max(0, i - 3), i - 1)
        out[i]["branches"] = {"yes": f"s{i + 2}", "no": f"s{back + 1}"}
        if rng.random() < 0.4:
            out[i]["branches"]["escalate"] = f"s{min(count, i + 3)}"
            out[min(count, i + 3) - 1]["role"] = "manager"
    out[-1]["end"] = True
    return out


def yaml_text(sop):
    q = lambda s: '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
    lines = [f"id: {sop['id']}", f"title: {q(sop['title'])}", f"department: {q(sop['department'])}",
             "status: approved", "version: \"1.2\"", "owner: Operations",
             "review_by: \"2030-01-01\"", "purpose: |", f"  {sop['purpose']}", f"scope: {q(sop['scope'])}", "terms:"]
    lines += [f"  {k}: {q(v)}" for k, v in sop["terms"].items()]
    lines.append("roles:")
    lines += [f"  {k}: {q(v)}" for k, v in ROLES]
    lines += ["metrics:", "  - name: First response time", "    target: 15m", "    kind: response",
              "  - name: Turnaround time", "    target: 3d", "    kind: turnaround", "instructions:"]
    for s in sop["steps"]:
        lines.append(f"  - id: {s['id']}")
        lines.append(f"    text: {q(s['text'])}")
        lines.append(f"    role: {s['role']}")
        lines.append(f"    duration: {s['duration']}")
        for key in ("script", "note"):
            if key in s:
                lines.append(f"    {key}: {q(s[key])}")
        if "substeps" in s:
            lines.append("    substeps:")
            lines += [f"      - {q(x)}" for x in s["substeps"]]
        if "branches" in s:
            lines.append("    branches:")
            lines += [f"      {q(k)}: {v}" for k, v in s["branches"].items()]
        if s.get("end"):
            lines.append("    end: true")
    return "\n".join(lines) + "\n"


def sop(rng, n):
    terms = {k: v for k, v in TERMS.items() if k in ("CRM", "SLA")}
    return {"id": f"OPS-{n:05d}", "title": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} (procedure {n})",
            "department": rng.choice(DEPARTMENTS),
            "purpose": "Every contact is handled the same way, within the SLA, and logged in the CRM.",
            "scope": "All shifts of the team, on every channel.", "terms": terms, "steps": steps(rng)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for n in range(args.count):
        s = sop(rng, n)
        text = yaml_text(s)
        sub = os.path.join(args.out, s["department"].lower().replace(" ", "-"))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"sop-{n:05d}.sop.yaml"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
