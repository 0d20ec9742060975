"""End-to-end tests of `sopkit lsp` with a real LSP client (pytest-lsp).

The server binary is `$SOPKIT_BIN`, by default `target/debug/sopkit` of
this repository. Each test gets a fresh workspace folder (a copy of the
files below) and a fresh server initialized on it.
"""

from __future__ import annotations

import os
import pathlib
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
SOPKIT = os.environ.get("SOPKIT_BIN", str(REPO / "target" / "debug" / "sopkit"))
# Rule documentation pages are written here, not into the user's cache.
CACHE = tempfile.mkdtemp(prefix="sopkit-lsp-cache-")

BILLING = """\
id: CS-014
title: Handling a billing dispute call
department: Customer Service
purpose: Customers who dispute a charge are helped the same way; log it in the CRM.
terms:
  CRM: Customer relationship management system
roles:
  agent: Customer service agent on the billing line
  manager: Shift manager on duty
metrics:
  - name: Turnaround time
    target: 2d
    kind: turnaround
instructions:
  - id: greet
    text: Greet the customer by name.
    role: agent
    duration: 1m
  - id: check-amount
    text: Is the disputed amount above 500?
    role: agent
    branches:
      "yes": escalate
      "no": refund
  - id: refund
    text: Issue a credit for the disputed amount.
    role: agent
    next: close
  - id: escalate
    text: Escalate to the shift manager.
    role: manager
  - id: close
    text: Close the ticket and log the outcome in the CRM.
    role: agent
    end: true
"""

BILLING_PT = """\
id: CS-014-pt
translation_of: CS-014
language: pt
title: Tratamento de uma disputa de cobrança
department: Atendimento
purpose: Clientes que contestam uma cobrança são atendidos sempre da mesma forma.
terms: {}
instructions:
  - id: greet
    text: Cumprimente o cliente pelo nome.
  - id: check-amount
    text: O valor contestado é superior a 500?
    branches:
      "sim": escalate
      "não": refund
  - id: refund
    text: Emita um crédito.
    next: close
  - id: escalate
    text: Encaminhe ao gerente de turno.
  - id: close
    text: Feche o chamado.
    end: true
"""

REFUND_MD = """\
---
id: CS-020
department: Customer Service
status: draft
roles:
  agent: Customer service agent
  manager: Shift manager on duty
---

# Handling a refund request

## Purpose

Refunds are handled the same way every time.

## Terms

- **EUR**: Euro, the currency of every amount.

## Instructions

1. Greet the customer. {#greet role=agent}
2. Is the amount above 500 EUR? {#check role=agent}
   - yes → escalate
   - no → refund
3. Issue the refund. {#refund role=agent next=close}
4. Escalate to the manager. {#escalate role=manager}
5. Close the ticket. {#close role=agent end}
"""

FILES = {
    "billing.sop.yaml": BILLING,
    "billing.pt.sop.yaml": BILLING_PT,
    "refund.sop.md": REFUND_MD,
}


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


class Recording(dict):
    """client.diagnostics, also keeping every publication in order."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, list[types.Diagnostic]]] = []

    def __setitem__(self, uri, diagnostics) -> None:
        self.log.append((uri, list(diagnostics)))
        super().__setitem__(uri, diagnostics)


SERVER = ClientServerConfig(
    server_command=[SOPKIT, "lsp"],
    server_env={**os.environ, "XDG_CACHE_HOME": CACHE},
)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, workspace: pathlib.Path):
    lsp_client.diagnostics = Recording()
    folder = types.WorkspaceFolder(uri=workspace.as_uri(), name="sops")
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
            workspace_folders=[folder],
        )
    )
    yield
    await lsp_client.shutdown_session()
