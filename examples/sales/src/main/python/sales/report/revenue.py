"""Revenue reports, from the ingest stage's outputs in both languages."""
from pyspark.sql import functions as F

import smv
from sales.ingest import orders

CleanOrders = smv.SmvModuleLink(orders.CleanOrders)                       # Python output of another stage
CleanCustomers = smv.SmvExtModuleLink("sales.ingest.CleanCustomers")      # Scala output of another stage


class RevenueByRegion(smv.SmvModule, smv.SmvOutput):
    """Total revenue and order count per region."""

    def requiresDS(self):
        return [CleanOrders]

    def run(self, i):
        return (i[CleanOrders].groupBy("region")
                .agg(F.round(F.sum("amount"), 2).alias("revenue"), F.count("*").alias("orders"))
                .orderBy("region"))


class CustomerValue(smv.SmvModule):
    """Revenue per customer, with the customer's display name."""

    def requiresDS(self):
        return [CleanOrders, CleanCustomers]

    def run(self, i):
        revenue = i[CleanOrders].groupBy("customer_id").agg(F.round(F.sum("amount"), 2).alias("revenue"))
        return revenue.join(i[CleanCustomers].select("customer_id", "name"), "customer_id")
