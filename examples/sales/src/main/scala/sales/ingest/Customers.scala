package sales.ingest

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions._
import smv._

/** Raw customers (pipe-delimited, schema file beside the data). */
object Customers extends SmvCsvFile("customers.csv")

/** Customers with trimmed, capitalised names. */
object CleanCustomers extends SmvModule("Customers with trimmed, capitalised names") with SmvOutput {
  override def requiresDS = Seq(Customers)

  override def run(i: runParams): DataFrame =
    i(Customers).withColumn("name", initcap(trim(col("name"))))
}

/** How many clean orders each customer placed: a Python module used from Scala. */
object CustomerOrderCounts extends SmvModule("Orders per customer") {
  val cleanOrders = SmvExtModule("sales.ingest.orders.CleanOrders")

  override def requiresDS = Seq(cleanOrders)

  override def run(i: runParams): DataFrame =
    i(cleanOrders).groupBy("customer_id").agg(count(lit(1)).as("orders"))
}
