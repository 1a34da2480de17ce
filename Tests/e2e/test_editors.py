"""The editor integrations under editors/ are well-formed: the VS Code extension passes
`node --check` and declares what the README promises; the Neovim files load in a real Neovim
and define the config and commands; the Helix TOML parses; the Emacs Lisp is balanced."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import tomllib

import pytest

from conftest import EDITORS

LANGUAGES = ["javascript", "javascriptreact", "typescript", "typescriptreact"]


def test_vscode_extension_is_valid_javascript():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to syntax-check the VS Code extension (.ci/run installs nodejs)")
    completed = subprocess.run([node, "--check", str(EDITORS / "vscode" / "extension.js")], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr


def test_vscode_activation_against_stand_in_modules():
    """Tests/e2e/vscode/activation.test.js: the extension's activate() with stand-ins for `vscode`
    and `vscode-languageclient/node`: the server command, the settings, configuration changes."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the VS Code extension's activation test (.ci/run installs nodejs)")
    test_file = pathlib.Path(__file__).resolve().parent / "vscode" / "activation.test.js"
    completed = subprocess.run(
        [node, "--test", str(test_file)],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SQLHEAL_EXTENSION": str(EDITORS / "vscode" / "extension.js")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(completed.stdout[-3000:])
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "# fail 0" in completed.stdout and "# pass 0" not in completed.stdout


def test_vscode_manifest_packages_without_prompts():
    manifest = json.loads((EDITORS / "vscode" / "package.json").read_text())
    # vsce asks about a missing LICENSE file and a missing repository URL: the license the
    # manifest names is beside it, and the package script allows the missing URL (none is public).
    assert manifest["license"] == "MIT"
    assert "MIT License" in (EDITORS / "vscode" / "LICENSE").read_text()
    assert "--allow-missing-repository" in manifest["scripts"]["package"]
    # vsce 3 needs Node 20 and 4 Node 22; 2.x runs on Debian 12's Node 18.
    assert manifest["devDependencies"]["@vscode/vsce"].startswith("^2.")
    assert manifest["publisher"] and manifest["version"]
    assert (EDITORS / "vscode" / "README.md").is_file()


def test_vscode_manifest_declares_languages_settings_and_commands():
    manifest = json.loads((EDITORS / "vscode" / "package.json").read_text())
    assert manifest["main"] == "./extension.js"
    assert sorted(manifest["activationEvents"]) == sorted(f"onLanguage:{language}" for language in LANGUAGES + ["sql"])
    properties = manifest["contributes"]["configuration"]["properties"]
    assert {"sqlheal.path", "sqlheal.database", "sqlheal.migrations", "sqlheal.trace.server"} <= properties.keys()
    commands = {command["command"] for command in manifest["contributes"]["commands"]}
    assert {"sqlheal.client.repairPreview", "sqlheal.client.repair", "sqlheal.client.rollback"} <= commands
    assert "vscode-languageclient" in manifest["dependencies"]
    source = (EDITORS / "vscode" / "extension.js").read_text()
    assert "[...LANGUAGES, 'sql']" in source, "SQL documents (the migrations) are in the document selector"
    for command in commands:
        assert f"'{command}'" in source, f"{command} is declared but not registered"


def run_lua_in_neovim(neovim: pathlib.Path, tmp_path: pathlib.Path, lua: str) -> str:
    script = tmp_path / "check.lua"
    output = tmp_path / "output.txt"
    script.write_text(lua)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    completed = subprocess.run(
        [neovim, "--headless", "--clean", "-n", "--cmd", f"set runtimepath^={EDITORS / 'nvim'}", "-c", f"luafile {script}"],
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "SQLHEAL_CHECK_OUTPUT": str(output)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, f"{completed.stdout}\n{completed.stderr}"
    return output.read_text()


def test_neovim_config_and_commands_load(neovim: pathlib.Path, tmp_path: pathlib.Path):
    lua = r"""
    local ok, failure = pcall(function()
      local config = dofile(vim.api.nvim_get_runtime_file('lsp/sqlheal.lua', false)[1])
      vim.lsp.enable('sqlheal')
      local resolved = vim.lsp.config.sqlheal
      local commands = vim.api.nvim_get_commands({})
      local names = {}
      for _, name in ipairs({ 'SqlhealRepair', 'SqlhealRepairPreview', 'SqlhealRollback', 'SqlhealFixAll' }) do
        if commands[name] then table.insert(names, name) end
      end
      local out = io.open(os.getenv('SQLHEAL_CHECK_OUTPUT'), 'w')
      out:write(vim.json.encode({
        cmd = resolved.cmd,
        filetypes = resolved.filetypes,
        root_markers = resolved.root_markers,
        -- File watching stays at Neovim's default (off on Linux, where the server polls).
        overrides_capabilities = resolved.capabilities ~= nil,
        same_table = config.cmd[1] == resolved.cmd[1],
        commands = names,
        repair_bang = commands.SqlhealRepair and commands.SqlhealRepair.bang or false,
      }))
      out:close()
    end)
    if not ok then
      io.stderr:write(tostring(failure) .. '\n')
      vim.cmd('cquit! 1')
    end
    vim.cmd('qall!')
    """
    result = json.loads(run_lua_in_neovim(neovim, tmp_path, lua))
    assert result["cmd"] == ["sqlheal", "serve"]
    # sql: the migrations, whose schema-drift warnings offer the repair step as a quick fix.
    assert result["filetypes"] == LANGUAGES + ["sql"]
    assert result["root_markers"] == ["sqlheal.json", "package.json", ".git"]
    assert result["overrides_capabilities"] is False
    assert result["same_table"] is True
    assert result["commands"] == ["SqlhealRepair", "SqlhealRepairPreview", "SqlhealRollback", "SqlhealFixAll"]
    assert result["repair_bang"] is True


def test_neovim_lspconfig_snippet_is_valid_lua(neovim: pathlib.Path, tmp_path: pathlib.Path):
    lua = f"""
    local chunk, failure = loadfile({json.dumps(str(EDITORS / 'nvim' / 'lspconfig.lua'))})
    if not chunk then
      io.stderr:write(failure .. '\\n')
      vim.cmd('cquit! 1')
    end
    local out = io.open(os.getenv('SQLHEAL_CHECK_OUTPUT'), 'w')
    out:write('ok')
    out:close()
    vim.cmd('qall!')
    """
    assert run_lua_in_neovim(neovim, tmp_path, lua) == "ok"


HELIX_LANGUAGES = {"javascript", "jsx", "typescript", "tsx", "sql"}


def helix_languages(config: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in config["language"]}


def test_helix_languages_toml():
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text())
    assert config["language-server"]["sqlheal"] == {"command": "sqlheal", "args": ["serve"]}
    languages = helix_languages(config)
    assert set(languages) == HELIX_LANGUAGES
    for name, entry in languages.items():
        assert "sqlheal" in entry["language-servers"], name
        # The workspace root Helix gives the server: the folder of sqlheal.json, else package.json.
        assert entry["roots"][:2] == ["sqlheal.json", "package.json"], name


def test_helix_snippet_in_the_readme_covers_every_language():
    """The TOML block in editors/README.md is a complete configuration, like languages.toml."""
    readme = (EDITORS / "README.md").read_text()
    section = readme[readme.index("## Helix") :]
    block = section[section.index("```toml") + len("```toml") : section.index("```", section.index("```toml") + 7)]
    config = tomllib.loads(block)
    assert config["language-server"]["sqlheal"]["command"] == "sqlheal"
    languages = helix_languages(config)
    assert set(languages) == HELIX_LANGUAGES
    for name, entry in languages.items():
        assert "sqlheal" in entry["language-servers"], name
        assert entry["roots"][:2] == ["sqlheal.json", "package.json"], name


def emacs_lisp_is_balanced(source: str) -> bool:
    depth = 0
    index = 0
    while index < len(source):
        character = source[index]
        if character == ";":
            index = source.find("\n", index)
            if index == -1:
                break
        elif character == '"':
            index += 1
            while index < len(source) and source[index] != '"':
                index += 2 if source[index] == "\\" else 1
        elif character == "?" and index + 1 < len(source):
            index += 2 if source[index + 1] != "\\" else 3
            continue
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth < 0:
                return False
        index += 1
    return depth == 0


def test_emacs_configuration():
    source = (EDITORS / "emacs" / "sqlheal.el").read_text()
    assert emacs_lisp_is_balanced(source)
    emacs = shutil.which("emacs")
    if emacs:
        completed = subprocess.run(
            [emacs, "--batch", "--eval", "(progn (require 'eglot) (load (expand-file-name (car command-line-args-left)) nil t))", str(EDITORS / "emacs" / "sqlheal.el")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stderr
    for function in ("sqlheal-repair-preview", "sqlheal-repair", "sqlheal-rollback"):
        assert f"(defun {function} " in source


def test_every_editor_has_a_readme():
    for folder in ("vscode", "helix", "emacs"):
        assert (EDITORS / folder / "README.md").is_file(), folder
    overview = (EDITORS / "README.md").read_text()
    for heading in ("Neovim", "VS Code", "Helix", "Emacs"):
        assert heading in overview
