"""SMV: Spark Modularized View (user API re-exported here)."""
