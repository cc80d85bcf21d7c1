"""Readers: files as they arrive → forms (rows with their source cells) and Word reports → the report model.

inputs (which files) → sniff (what each really is) → grid (cell values) → header, rows, fields
(where the table is, what each row is, the labelled fields) → form (a Form). word and report
read a Word report back for `reportgen split`.
"""
