"""Monthly worker list files: DBF (DSKKAR00 + DSKWOR00), CSV and XLSX — read, check, write. Pure: no database."""
