"""Orders: read from CSV, cleaned, and joined with the Scala side's customers."""
import smv

# A Scala dataset of this stage, used from Python.
Customers = smv.SmvExtDataSet("sales.ingest.Customers")


class Orders(smv.SmvCsvFile):
    """Raw orders as exported by the shop."""

    def path(self):
        return "orders.csv"

    def dqm(self):
        # The export has the odd garbled line: tolerate one, fail the run at two.
        return smv.SmvDQM().add(smv.FailParserCountPolicy(2))


class CleanOrders(smv.SmvModule, smv.SmvOutput):
    """Orders with a known customer's region; negative amounts are rejected, zero quantities fixed."""

    def requiresDS(self):
        return [Orders, Customers]

    def run(self, i):
        customers = i[Customers].select("customer_id", "region")
        return i[Orders].join(customers, "customer_id", "left")

    def dqm(self):
        return (smv.SmvDQM()
                .add(smv.DQMRule("amount >= 0", "non_negative_amount", smv.FailCount(3)))
                .add(smv.DQMFix("quantity < 1", "1 as quantity", "at_least_one_item", smv.FailNone())))
