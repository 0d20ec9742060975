// Starts `sopkit lsp` for SOP files: every capability is the server's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

const SOP_FILES = "**/*.sop.{yaml,yml,md}";
let client;

function activate() {
  const command = vscode.workspace.getConfiguration("sopkit").get("path") || "sopkit";
  client = new LanguageClient(
    "sopkit",
    "sopkit",
    { command, args: ["lsp"] },
    {
      documentSelector: [{ scheme: "file", pattern: SOP_FILES }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(SOP_FILES) },
    }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
