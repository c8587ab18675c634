// The JVM half of the bridge: SmvApp, its repositories and the gRPC client generated from proto/.
// One jar (sbt assembly) that a SparkSession loads with spark.jars.

// Must equal the pyspark pin in pyproject.toml (tests/test_versions.py checks it).
val sparkVersion = "4.1.3"

ThisBuild / scalaVersion := "2.13.16"
ThisBuild / organization := "io.smv"
ThisBuild / version := "0.1.0"

lazy val root = (project in file("."))
  .settings(
    name := "smv",
    Compile / scalaSource := baseDirectory.value / "scala_repo" / "src" / "main" / "scala",
    Compile / resourceDirectory := baseDirectory.value / "scala_repo" / "src" / "main" / "resources",
    Test / scalaSource := baseDirectory.value / "scala_repo" / "src" / "test" / "scala",
    Test / resourceDirectory := baseDirectory.value / "scala_repo" / "src" / "test" / "resources",
    Compile / PB.protoSources := Seq(baseDirectory.value / "proto"),
    Compile / PB.targets := Seq(
      scalapb.gen(flatPackage = true, grpc = true) -> (Compile / sourceManaged).value / "scalapb"
    ),
    libraryDependencies ++= Seq(
      "org.apache.spark" %% "spark-sql" % sparkVersion % Provided,
      "io.grpc" % "grpc-netty-shaded" % scalapb.compiler.Version.grpcJavaVersion,
      "io.grpc" % "grpc-services" % scalapb.compiler.Version.grpcJavaVersion,
      "com.thesamet.scalapb" %% "scalapb-runtime-grpc" % scalapb.compiler.Version.scalapbVersion,
      "com.thesamet.scalapb" %% "scalapb-runtime" % scalapb.compiler.Version.scalapbVersion % "protobuf",
      "org.scalatest" %% "scalatest" % "3.2.19" % Test
    ),
    scalacOptions ++= Seq("-deprecation", "-feature", "-Xlint:-unused,_"),
    // Spark on Java 17 needs these opens; tests run Spark in a forked JVM.
    Test / fork := true,
    Test / javaOptions ++= Seq(
      "-Xmx2g",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true"
    ),
    Test / parallelExecution := false,
    // AssemblyJarSpec and FixturesJarSpec check the built jars: a full test run builds them first.
    Test / javaOptions += s"-Dsmv.assembly.jar=${(assembly / assemblyOutputPath).value}",
    Test / javaOptions += s"-Dsmv.fixtures.jar=${(LocalProject("fixtures") / Compile / packageBin / artifactPath).value}",
    Test / test := (Test / test).dependsOn(assembly, LocalProject("fixtures") / Compile / packageBin).value,
    // Records the Spark version the jar was built for; Python refuses a mismatched pyspark.
    Compile / resourceGenerators += Def.task {
      val file = (Compile / resourceManaged).value / "smv-build.properties"
      IO.write(file, s"sparkVersion=$sparkVersion\nscalaVersion=${scalaVersion.value}\nsmvVersion=${version.value}\n")
      Seq(file)
    }.taskValue,
    // The assembly carries our code and gRPC; Spark and Scala come from the Spark session.
    assembly / assemblyJarName := "smv-assembly.jar",
    Compile / mainClass := Some("smv.SmvMain"),
    assembly / mainClass := Some("smv.SmvMain"),
    assemblyPackageScala / assembleArtifact := false,
    assembly / test := {},
    assembly / assemblyShadeRules := Seq(
      // pyspark ships its own protobuf, guava and gson; ours must not clash with them.
      ShadeRule.rename("com.google.**" -> "smv.shaded.google.@1").inAll
    ),
    // `sbt publishLocal` (bin/setup) publishes io.smv::smv to the local Ivy repository, what an app's own
    // Scala build depends on (smv-init -t, docs/scala-modules.md); no scaladoc, which only slows it.
    Compile / packageDoc / publishArtifact := false,
    addCommandAlias("jars", ";assembly;fixtures/package;salesExample/package;smv22App/package;bench/package"),
    assembly / assemblyMergeStrategy := {
      case PathList("META-INF", "services", _*) => MergeStrategy.filterDistinctLines
      case PathList("META-INF", "native", _*) => MergeStrategy.first
      case PathList("META-INF", "versions", _, "module-info.class") => MergeStrategy.discard
      case "module-info.class" => MergeStrategy.discard
      case PathList("META-INF", _*) => MergeStrategy.discard
      case x if x.endsWith(".proto") => MergeStrategy.first
      case x => (assembly / assemblyMergeStrategy).value.apply(x)
    }
  )

// Scala datasets for the cross-language pytest end-to-end tests (stages smvfix.scala1,
// smvfix.scala2, smvfix.mixed): `bin/sbt fixtures/package` (or `bin/sbt jars`) writes
// target/scala-2.13/smv-fixtures.jar, which pytest adds to spark.jars beside the assembly.
lazy val fixtures = (project in file("scala_repo/fixtures"))
  .dependsOn(root)
  .settings(
    name := "smv-fixtures",
    target := (ThisBuild / baseDirectory).value / "target" / "fixtures",
    Compile / scalaSource := baseDirectory.value / "src" / "main" / "scala",
    libraryDependencies += "org.apache.spark" %% "spark-sql" % sparkVersion % Provided,
    scalacOptions ++= Seq("-deprecation", "-feature"),
    Compile / packageBin / artifactPath := (ThisBuild / baseDirectory).value / "target" / "scala-2.13" / "smv-fixtures.jar"
  )

// The Scala modules of the example app (examples/sales): `bin/sbt jars` writes
// target/examples/sales-example.jar, named by the app's smv.jars.
lazy val salesExample = (project in file("examples/sales"))
  .dependsOn(root)
  .settings(
    name := "sales-example",
    target := (ThisBuild / baseDirectory).value / "target" / "sales-example",
    Compile / scalaSource := baseDirectory.value / "src" / "main" / "scala",
    libraryDependencies += "org.apache.spark" %% "spark-sql" % sparkVersion % Provided,
    scalacOptions ++= Seq("-deprecation", "-feature"),
    Compile / packageBin / artifactPath := (ThisBuild / baseDirectory).value / "target" / "examples" / "sales-example.jar"
  )

// The Scala modules of the SMV 2.2-style test app (tests/fixtures/apps/smv22), written against
// SMV 2.x's package (`import org.tresamigos.smv._`): `bin/sbt jars` writes target/scala-2.13/smv22-app.jar.
lazy val smv22App = (project in file("tests/fixtures/apps/smv22"))
  .dependsOn(root)
  .settings(
    name := "smv22-app",
    target := (ThisBuild / baseDirectory).value / "target" / "smv22-app",
    Compile / scalaSource := baseDirectory.value / "src" / "main" / "scala",
    libraryDependencies += "org.apache.spark" %% "spark-sql" % sparkVersion % Provided,
    scalacOptions ++= Seq("-deprecation", "-feature"),
    Compile / packageBin / artifactPath := (ThisBuild / baseDirectory).value / "target" / "scala-2.13" / "smv22-app.jar"
  )

// JVM-side loops for the benchmarks under bench/ (bench/suite.py, run by bin/bench):
// `bin/sbt bench/package` (or `bin/sbt jars`) writes target/bench/smv-bench.jar.
lazy val bench = (project in file("bench"))
  .dependsOn(root)
  .settings(
    name := "smv-bench",
    target := (ThisBuild / baseDirectory).value / "target" / "bench-build",
    Compile / scalaSource := baseDirectory.value / "src" / "main" / "scala",
    libraryDependencies += "org.apache.spark" %% "spark-sql" % sparkVersion % Provided,
    scalacOptions ++= Seq("-deprecation", "-feature"),
    Compile / packageBin / artifactPath := (ThisBuild / baseDirectory).value / "target" / "bench" / "smv-bench.jar"
  )
