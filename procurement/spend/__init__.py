"""Spend files as councils and NHS bodies publish them: reading (``reading``), which column holds
what (``columns``), the cells (``values``) and the check of every row (``plan``). No database."""
