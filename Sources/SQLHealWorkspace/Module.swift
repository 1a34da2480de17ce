// Module SQLHealWorkspace: see ARCHITECTURE.md.
