"""Writers: the report → .docx, the blank form → .xlsx, the consolidated table, marked copies, PDF.

plan checks every file a command will write before any input is read; each file is then
written whole or not at all.
"""
