"""TLS on the JVM side: the Scala RepositoryServer and the JVM client (GrpcDataSetRepository),
run in the test session's JVM through py4j, against each other and the Python server."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from smv.app.config import AppConfig
from smv.repository.python_repository import PythonDataSetRepository
from smv.spark.jvm import jvm_of, to_java_list
from smv.transport.auth import new_token
from smv.transport.server import RepositoryServer
from smv.transport.tls import ServerTls
from tests.repository.support import APPS, app_props
from tests.security.certs import Certs


def _scala_repository(spark: SparkSession) -> object:
    return jvm_of(spark).smv.repository.ScalaDataSetRepository.create(to_java_list(spark, ["smvfix.scala1"]), "/nonexistent")


@pytest.fixture(scope="module")
def scala_tls_server(spark: SparkSession, certs: Certs) -> Iterator[tuple[object, str]]:
    jvm, token = jvm_of(spark), new_token()
    tls = jvm.smv.grpc.TlsConfig.server(str(certs.server_cert), str(certs.server_key), str(certs.ca))
    server = jvm.smv.grpc.RepositoryServer.start(_scala_repository(spark), "127.0.0.2:0", token, tls, False)
    try:
        yield server, token
    finally:
        server.close()


def _java_message(call: object, *args: object) -> str:
    with pytest.raises(Py4JJavaError) as info:
        call(*args)  # type: ignore[operator]
    return str(info.value.java_exception.getMessage())


def test_the_jvm_client_reaches_a_mutual_tls_scala_server(spark: SparkSession, certs: Certs,
                                                          scala_tls_server: tuple[object, str]) -> None:
    server, token = scala_tls_server
    jvm = jvm_of(spark)
    tls = jvm.smv.grpc.TlsConfig.client(str(certs.ca), str(certs.client_cert), str(certs.client_key))
    client = jvm.smv.grpc.GrpcDataSetRepository.connect(server.target(), token, tls)
    try:
        assert client.stages().mkString(",") == "smvfix.scala1"
    finally:
        client.close()
    no_client_cert = jvm.smv.grpc.TlsConfig.client(str(certs.ca), None, None)
    assert "UNAVAILABLE" in _java_message(jvm.smv.grpc.GrpcDataSetRepository.connect, server.target(), token, no_client_cert)


def test_a_plaintext_jvm_client_on_a_tls_server_is_told_why(spark: SparkSession,
                                                            scala_tls_server: tuple[object, str]) -> None:
    server, token = scala_tls_server
    message = _java_message(jvm_of(spark).smv.grpc.GrpcDataSetRepository.connect, server.target(), token)
    assert server.target() in message and "uses TLS" in message and "--tls-ca" in message, message


def test_the_jvm_client_reaches_a_tls_python_server_and_still_needs_the_token(
        spark: SparkSession, certs: Certs) -> None:
    shop: AppConfig = app_props(APPS / "shop")
    jvm = jvm_of(spark)
    tls = ServerTls(str(certs.server_cert), str(certs.server_key))
    with RepositoryServer(PythonDataSetRepository(shop.stages, str(shop.input_dir), None), address="127.0.0.2:0",
                          tls=tls) as server:
        client_tls = jvm.smv.grpc.TlsConfig.client(str(certs.ca), None, None)
        client = jvm.smv.grpc.GrpcDataSetRepository.connect(server.address, server.token, client_tls)
        try:
            assert client.stages().mkString(",") == "shop_raw,shop_report"
        finally:
            client.close()
        message = _java_message(jvm.smv.grpc.GrpcDataSetRepository.connect, server.address, "wrong-token", client_tls)
        assert "UNAUTHENTICATED" in message


@pytest.mark.parametrize("target", ["0.0.0.0:0", "127.0.0.2:0"])
def test_the_scala_server_refuses_plaintext_beyond_loopback(spark: SparkSession, target: str,
                                                            tmp_path: Path) -> None:
    message = _java_message(jvm_of(spark).smv.grpc.RepositoryServer.start, _scala_repository(spark), target,
                            new_token(), None, False)
    assert "is not local" in message and "needs TLS" in message, message


def test_smv_main_runs_python_modules_of_a_tls_repository_server(spark: SparkSession, certs: Certs,
                                                                 tmp_path: Path) -> None:
    """smv.SmvMain --repository HOST:PORT --tls-ca ... (run in this JVM, as spark-submit would)."""
    hello = app_props(APPS / "hello")
    jvm = jvm_of(spark)
    tls = ServerTls(str(certs.server_cert), str(certs.server_key), str(certs.ca))
    with RepositoryServer(PythonDataSetRepository(hello.stages, str(hello.input_dir), spark), address="127.0.0.2:0",
                          tls=tls) as server:
        args = ["--conf", "smv.stages=hello", "--conf", f"smv.outputDir={tmp_path / 'out'}",
                "--repository", server.address, "--token", server.token, "--tls-ca", str(certs.ca),
                "--tls-cert", str(certs.client_cert), "--tls-key", str(certs.client_key), "-m", "hello.mods.Shout"]
        out, err = jvm.java.io.ByteArrayOutputStream(), jvm.java.io.ByteArrayOutputStream()
        seq = jvm.scala.jdk.javaapi.CollectionConverters.asScala(to_java_list(spark, args)).toSeq()
        status = jvm.smv.SmvMain.run(seq, spark._jsparkSession, jvm.java.io.PrintStream(out, True),
                                     jvm.java.io.PrintStream(err, True))
        assert status == 0, err.toString()
        assert "end   hello.mods.Shout (python) run" in out.toString()
        plaintext = [a for a in args if not a.startswith("--tls") and not a.endswith((".pem", ".key"))]
        seq = jvm.scala.jdk.javaapi.CollectionConverters.asScala(to_java_list(spark, plaintext)).toSeq()
        status = jvm.smv.SmvMain.run(seq, spark._jsparkSession, jvm.java.io.PrintStream(out, True),
                                     jvm.java.io.PrintStream(err, True))
        assert status == 1 and "uses TLS" in err.toString()
