// sqlheal for VS Code: starts `sqlheal serve` over stdio with vscode-languageclient and adds
// palette commands for the schema repair. Settings: sqlheal.path, sqlheal.database,
// sqlheal.migrations, sqlheal.trace.server; every change applies without a restart of VS Code.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];
/** The settings the server reads (the keys of sqlheal.json); the others are the extension's. */
const SERVER_SETTINGS = ['database', 'migrations'];

/** @type {LanguageClient | undefined} */
let client;

/** The sqlheal.json keys that settings override (only those set). */
function configurationOverrides() {
  const settings = vscode.workspace.getConfiguration('sqlheal');
  const overrides = {};
  for (const key of SERVER_SETTINGS) {
    const value = settings.get(key);
    if (typeof value === 'string' && value.length > 0) overrides[key] = value;
  }
  return overrides;
}

function serverCommand() {
  return vscode.workspace.getConfiguration('sqlheal').get('path') || 'sqlheal';
}

function createClient() {
  // The same command for run and debug; VS Code appends --stdio, which sqlheal accepts.
  const executable = { command: serverCommand(), args: ['serve'], transport: TransportKind.stdio };
  return new LanguageClient(
    'sqlheal',
    'sqlheal',
    { run: executable, debug: executable },
    {
      // SQL files too: the migrations, where schema-drift warnings offer the repair step.
      documentSelector: [...LANGUAGES, 'sql'].map((language) => ({ scheme: 'file', language })),
      initializationOptions: configurationOverrides(),
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{sqlheal.json,*.sql,*.db,*.sqlite,*.sqlite3}'),
      },
      middleware: {
        workspace: {
          // Answer workspace/configuration for "sqlheal" with the overrides only, not VS Code's
          // whole settings object (path and trace are the extension's, not the server's).
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            return params.items.map((item, index) =>
              item.section === 'sqlheal' ? configurationOverrides() : Array.isArray(answers) ? answers[index] : null
            );
          },
        },
      },
    }
  );
}

/** A new client for a changed sqlheal.path: restart() would start the old command again. */
async function replaceClient() {
  const previous = client;
  client = undefined;
  if (previous) await previous.stop();
  client = createClient();
  await client.start();
}

/** Applies a settings change: a new executable restarts the server, the server's own settings
 *  are sent to the running one (workspace/didChangeConfiguration; it reloads the project). */
async function configurationChanged(event) {
  if (event.affectsConfiguration('sqlheal.path')) {
    await replaceClient();
  } else if (client && SERVER_SETTINGS.some((key) => event.affectsConfiguration(`sqlheal.${key}`))) {
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { sqlheal: configurationOverrides() } });
  }
}

async function executeServerCommand(command, argument) {
  if (!client) throw new Error('sqlheal is not running');
  return client.sendRequest('workspace/executeCommand', { command, arguments: [argument] });
}

function planText(result) {
  // The server sends the complete script (pragmas, transaction, checks) as the CLI's dry run prints it.
  if (result && typeof result.script === 'string' && result.script !== '') return result.script;
  const steps = (result && result.steps) || [];
  const lines = [`-- sqlheal repair plan (dry run): ${steps.length} step(s), nothing applied`];
  for (const step of steps) {
    lines.push('', `-- ${step.id} (${step.source || 'migrations'})`, ...(step.sql || []));
  }
  return lines.join('\n') + '\n';
}

async function repairPreview() {
  const result = await executeServerCommand('sqlheal.repairSchema', { dryRun: true });
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content: planText(result) });
  await vscode.window.showTextDocument(document, { preview: true });
}

async function repair() {
  const plan = await executeServerCommand('sqlheal.repairSchema', { dryRun: true });
  const ids = ((plan && plan.steps) || []).map((step) => step.id);
  if (ids.length === 0) {
    vscode.window.showInformationMessage('sqlheal: the database already matches the migrations.');
    return;
  }
  const apply = `Apply ${ids.length} step(s)`;
  const answer = await vscode.window.showWarningMessage(
    `Repair the database schema of ${plan.database || 'the project'}? A verified backup is made first.\n${ids.join('\n')}`,
    { modal: true },
    apply,
    'Preview SQL'
  );
  if (answer === 'Preview SQL') return repairPreview();
  if (answer !== apply) return;
  // confirmed: the modal above was the question; the server asks only when it is not set.
  const result = await executeServerCommand('sqlheal.repairSchema', { dryRun: false, only: ids, confirmed: true });
  const backup = result && result.backup ? ` Backup: ${result.backup}.` : '';
  vscode.window.showInformationMessage(`sqlheal: ${result && result.applied ? 'repaired' : 'not applied'}.${backup}`);
}

async function rollback() {
  const historyId = await vscode.window.showInputBox({ prompt: 'History id to roll back (empty: the latest)' });
  if (historyId === undefined) return;
  const result = await executeServerCommand('sqlheal.rollback', historyId ? { historyId } : {});
  vscode.window.showInformationMessage(
    result && result.restored ? `sqlheal: rolled back ${result.historyId}.` : 'sqlheal: nothing rolled back.'
  );
}

function reportErrors(action) {
  return async () => {
    try {
      await action();
    } catch (error) {
      vscode.window.showErrorMessage(`sqlheal: ${error && error.message ? error.message : error}`);
    }
  };
}

async function activate(context) {
  client = createClient();
  context.subscriptions.push(
    vscode.commands.registerCommand('sqlheal.client.repairPreview', reportErrors(repairPreview)),
    vscode.commands.registerCommand('sqlheal.client.repair', reportErrors(repair)),
    vscode.commands.registerCommand('sqlheal.client.rollback', reportErrors(rollback)),
    vscode.commands.registerCommand('sqlheal.client.restart', reportErrors(replaceClient)),
    vscode.workspace.onDidChangeConfiguration((event) => reportErrors(() => configurationChanged(event))())
  );
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
