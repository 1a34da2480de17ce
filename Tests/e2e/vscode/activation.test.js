// The VS Code extension's activation, run in Node against stand-ins for `vscode` and
// `vscode-languageclient/node` (no VS Code here): which server it starts and how, what it sends
// as settings, and what a settings change does. Run by Tests/e2e/test_editors.py with
// `node --test`; SQLHEAL_EXTENSION names editors/vscode/extension.js.
'use strict';

const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');
const { test } = require('node:test');

const EXTENSION = process.env.SQLHEAL_EXTENSION || path.resolve(__dirname, '../../../editors/vscode/extension.js');
const MANIFEST = require(path.join(path.dirname(EXTENSION), 'package.json'));

/** A fresh VS Code stand-in: settings, registered commands, configuration listeners. */
function makeVSCode(initialSettings) {
  const settings = { ...initialSettings };
  const commands = new Map();
  const configurationListeners = [];
  const messages = [];
  const vscode = {
    settings,
    commands: {
      registerCommand(id, handler) {
        assert.ok(!commands.has(id), `${id} registered twice`);
        commands.set(id, handler);
        return { dispose() {} };
      },
    },
    registered: commands,
    workspace: {
      getConfiguration(section) {
        assert.equal(section, 'sqlheal');
        return {
          get(key) {
            const declared = MANIFEST.contributes.configuration.properties[`sqlheal.${key}`];
            assert.ok(declared, `sqlheal.${key} is read but not declared in package.json`);
            return `sqlheal.${key}` in settings ? settings[`sqlheal.${key}`] : declared.default;
          },
        };
      },
      createFileSystemWatcher(pattern) {
        return { pattern, dispose() {} };
      },
      onDidChangeConfiguration(listener) {
        configurationListeners.push(listener);
        return { dispose() {} };
      },
    },
    window: {
      showErrorMessage(message) {
        messages.push(message);
      },
      showInformationMessage(message) {
        messages.push(message);
      },
    },
    messages,
    /** What VS Code does when the user edits settings.json. */
    async changeSettings(changes) {
      Object.assign(settings, changes);
      const event = {
        affectsConfiguration: (name) => Object.keys(changes).some((key) => key === name || key.startsWith(`${name}.`)),
      };
      await Promise.all(configurationListeners.map((listener) => listener(event)));
    },
  };
  return vscode;
}

/** A LanguageClient stand-in that records what the extension asks of it. */
function makeLanguageClientModule() {
  const clients = [];
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, state: 'created', notifications: [] });
      clients.push(this);
    }
    async start() {
      this.state = 'running';
    }
    async stop() {
      this.state = 'stopped';
    }
    async restart() {
      this.state = 'running';
      this.restarted = true;
    }
    async sendNotification(method, params) {
      assert.equal(this.state, 'running', `${method} sent to a client that is ${this.state}`);
      this.notifications.push({ method, params });
    }
    async sendRequest(method, params) {
      return { method, params };
    }
  }
  return { module: { LanguageClient, TransportKind: { stdio: 0, ipc: 1 } }, clients };
}

/** Loads a fresh copy of the extension with the stand-ins in place of the real modules. */
function loadExtension(vscode, languageClient) {
  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return languageClient;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[require.resolve(EXTENSION)];
    return require(EXTENSION);
  } finally {
    Module._load = originalLoad;
  }
}

async function activated(initialSettings = {}) {
  const vscode = makeVSCode(initialSettings);
  const languageClient = makeLanguageClientModule();
  const extension = loadExtension(vscode, languageClient.module);
  const context = { subscriptions: [] };
  await extension.activate(context);
  return { vscode, clients: languageClient.clients, extension, context };
}

test('the manifest activates on every language the client serves, SQL included', () => {
  const languages = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'sql'];
  assert.deepEqual([...MANIFEST.activationEvents].sort(), languages.map((language) => `onLanguage:${language}`).sort());
  // "explicit" in editor.codeActionsOnSave (the README's fix-all on save) needs VS Code 1.85.
  assert.match(MANIFEST.engines.vscode, /^\^1\.(8[5-9]|9\d)\./);
  assert.equal(MANIFEST.main, './extension.js');
});

test('activation starts `sqlheal serve` over stdio for JS, TS and SQL files, with the settings', async () => {
  const { clients, vscode, context } = await activated({ 'sqlheal.database': 'var/app.sqlite' });
  assert.equal(clients.length, 1);
  const [client] = clients;
  assert.equal(client.state, 'running');
  assert.equal(client.id, 'sqlheal');
  for (const mode of ['run', 'debug']) {
    assert.deepEqual(client.serverOptions[mode], { command: 'sqlheal', args: ['serve'], transport: 0 });
  }
  assert.deepEqual(
    client.clientOptions.documentSelector,
    ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'sql'].map((language) => ({ scheme: 'file', language }))
  );
  // Only the server's settings that are set travel, as initializationOptions.
  assert.deepEqual(client.clientOptions.initializationOptions, { database: 'var/app.sqlite' });
  // Every palette command of the manifest is registered.
  const declared = MANIFEST.contributes.commands.map((command) => command.command).sort();
  assert.deepEqual([...vscode.registered.keys()].sort(), declared);
  assert.ok(context.subscriptions.length >= declared.length + 1);
});

test('sqlheal.path picks the executable', async () => {
  const { clients } = await activated({ 'sqlheal.path': '/opt/sqlheal/bin/sqlheal' });
  assert.equal(clients[0].serverOptions.run.command, '/opt/sqlheal/bin/sqlheal');
});

test('workspace/configuration is answered with the server settings only', async () => {
  const { clients, vscode } = await activated({ 'sqlheal.migrations': 'db/migrations', 'sqlheal.trace.server': 'verbose' });
  const { configuration } = clients[0].clientOptions.middleware.workspace;
  const params = { items: [{ section: 'sqlheal', scopeUri: 'file:///p' }, { section: 'editor' }] };
  const answers = await configuration(params, undefined, async () => [{ whole: 'settings' }, { tabSize: 2 }]);
  assert.deepEqual(answers, [{ migrations: 'db/migrations' }, { tabSize: 2 }]);
  await vscode.changeSettings({ 'sqlheal.migrations': null, 'sqlheal.database': 'x.db' });
  assert.deepEqual((await configuration(params, undefined, async () => [null, null]))[0], { database: 'x.db' });
});

test('changing a server setting tells the running server, without a restart', async () => {
  const { clients, vscode } = await activated();
  await vscode.changeSettings({ 'sqlheal.database': 'data/other.db' });
  assert.equal(clients.length, 1);
  assert.equal(clients[0].state, 'running');
  assert.ok(!clients[0].restarted);
  assert.deepEqual(clients[0].notifications, [
    { method: 'workspace/didChangeConfiguration', params: { settings: { sqlheal: { database: 'data/other.db' } } } },
  ]);
  // Clearing it sends the empty set: the server goes back to sqlheal.json.
  await vscode.changeSettings({ 'sqlheal.database': null });
  assert.deepEqual(clients[0].notifications[1].params, { settings: { sqlheal: {} } });
  // A setting of the extension alone (the trace) is not the server's business.
  await vscode.changeSettings({ 'sqlheal.trace.server': 'messages' });
  assert.equal(clients[0].notifications.length, 2);
  assert.deepEqual(vscode.messages, []);
});

test('changing sqlheal.path starts the new executable', async () => {
  const { clients, vscode } = await activated();
  await vscode.changeSettings({ 'sqlheal.path': '/usr/local/bin/sqlheal' });
  assert.equal(clients.length, 2);
  assert.equal(clients[0].state, 'stopped');
  assert.equal(clients[1].state, 'running');
  assert.equal(clients[1].serverOptions.run.command, '/usr/local/bin/sqlheal');
  assert.deepEqual(vscode.messages, []);
});

test('deactivation stops the client', async () => {
  const { clients, extension } = await activated();
  await extension.deactivate();
  assert.equal(clients[0].state, 'stopped');
});
