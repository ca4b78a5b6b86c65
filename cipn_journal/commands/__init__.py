"""Typer commands, one module per part of the product; `cli.py` registers them on the app.
Each command validates its options, opens the store, calls the domain, and renders."""
