"""The command line: a thin typer layer that parses arguments, calls the library and prints with rich."""
