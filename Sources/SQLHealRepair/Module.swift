// Module SQLHealRepair: see ARCHITECTURE.md.
