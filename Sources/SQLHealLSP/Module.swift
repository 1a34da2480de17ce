// Module SQLHealLSP: see ARCHITECTURE.md.
