"""Importers: a file's bytes in, validated models out. They never touch the journal.

Each importer checks a whole file before anything is written, so a bad file is
refused whole with one message naming the first bad item.
"""
