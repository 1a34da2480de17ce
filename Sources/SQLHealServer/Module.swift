// Module SQLHealServer: see ARCHITECTURE.md.
