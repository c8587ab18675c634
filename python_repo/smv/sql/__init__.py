"""SQL modules: SmvSqlModule (a query over named datasets), `.sql` files as modules, and their
normalized text (what their hash covers)."""
