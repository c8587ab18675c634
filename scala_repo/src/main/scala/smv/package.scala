import scala.language.implicitConversions

import org.apache.spark.sql.{Column, DataFrame}

/** What `import smv._` brings besides the classes of package `smv`: SMV's data helpers on
  * any DataFrame, Column and grouped data (`df.smvSelectPlus(...)`, `col.smvYear()`), as
  * `import org.tresamigos.smv._` did in SMV 2.x. Defined in `smv.helpers`.
  */
package object smv {
  implicit def smvDataFrameHelpers(df: DataFrame): helpers.DataFrameHelpers = new helpers.DataFrameHelpers(df)
  implicit def smvColumnHelpers(c: Column): helpers.ColumnHelpers = new helpers.ColumnHelpers(c)
  implicit def smvGroupByHelpers(df: DataFrame): helpers.GroupByHelpers = new helpers.GroupByHelpers(df)
  implicit def smvEddHelpers(df: DataFrame): helpers.EddHelpers = new helpers.EddHelpers(df)
  implicit def smvDescriptionHelpers(df: DataFrame): helpers.DescriptionHelpers = new helpers.DescriptionHelpers(df)
  implicit def smvTimeColumnHelpers(c: Column): helpers.TimeColumnHelpers = new helpers.TimeColumnHelpers(c)

  /** SMV's functions (smvFirst, smvStrCat, smvHashKey, ...): `import smv.smvfuncs._`. */
  val smvfuncs: helpers.smvfuncs.type = helpers.smvfuncs
}
