package sales.report

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions._
import smv._

/** The customers bringing the most revenue (a Python module of this stage, used from Scala);
  * how many: the run configuration `smv.config.top_n` (default 3). */
object TopCustomers extends SmvModule("Top customers by revenue") with SmvOutput {
  val customerValue = SmvExtModule("sales.report.revenue.CustomerValue")

  override def requiresDS = Seq(customerValue)

  override def run(i: runParams): DataFrame =
    i(customerValue).orderBy(col("revenue").desc, col("customer_id")).limit(i.config("top_n").map(_.toInt).getOrElse(3))
}

/** Customers per region: links to the ingest stage's outputs in both languages. */
object RegionCustomers extends SmvModule("Customers and ordering customers per region") {
  val cleanCustomers = SmvModuleLink(sales.ingest.CleanCustomers)
  val cleanOrders = SmvExtModuleLink("sales.ingest.orders.CleanOrders")

  override def requiresDS = Seq(cleanCustomers, cleanOrders)

  override def run(i: runParams): DataFrame = {
    val ordering = i(cleanOrders).select("customer_id").distinct().withColumn("ordered", lit(true))
    i(cleanCustomers)
      .join(ordering, Seq("customer_id"), "left")
      .groupBy("region")
      .agg(count(lit(1)).as("customers"), count(col("ordered")).as("ordering_customers"))
      .orderBy("region")
  }
}
