// Every plugin resolves from Maven Central (bin/sbt forces that).
addSbtPlugin("com.thesamet" % "sbt-protoc" % "1.0.8")
addSbtPlugin("com.eed3si9n" % "sbt-assembly" % "2.3.1")
// 0.11.21 asks for protoc-gen 0.9.10, which Maven Central does not serve; 0.11.20 resolves whole.
libraryDependencies += "com.thesamet.scalapb" %% "compilerplugin" % "0.11.20"
