package smv
package grpc

import java.nio.charset.StandardCharsets.UTF_8
import java.security.{MessageDigest, SecureRandom}
import java.util.Base64

import io.grpc._
import io.grpc.stub.MetadataUtils

/** The per-session bearer token every call but health carries: `authorization: Bearer <token>`. */
object BearerToken {
  val Header: Metadata.Key[String] = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)
  /** Services callable without a token. */
  val Exempt: Set[String] = Set("grpc.health.v1.Health")

  /** A fresh random token (256 bits, URL-safe base64). */
  def generate(): String = {
    val bytes = new Array[Byte](32)
    new SecureRandom().nextBytes(bytes)
    Base64.getUrlEncoder.withoutPadding.encodeToString(bytes)
  }

  /** Attaches the token to every call of a client. */
  def clientInterceptor(token: String): ClientInterceptor = {
    val headers = new Metadata()
    headers.put(Header, s"Bearer $token")
    MetadataUtils.newAttachHeadersInterceptor(headers)
  }

  /** Rejects calls without the right token with UNAUTHENTICATED (health exempt). */
  def serverInterceptor(token: String): ServerInterceptor = new ServerInterceptor {
    private val expected = s"Bearer $token".getBytes(UTF_8)

    override def interceptCall[Q, R](call: ServerCall[Q, R], headers: Metadata, next: ServerCallHandler[Q, R]): ServerCall.Listener[Q] = {
      val service = call.getMethodDescriptor.getServiceName
      val sent = Option(headers.get(Header)).map(_.getBytes(UTF_8))
      if (Exempt.contains(service) || sent.exists(MessageDigest.isEqual(_, expected))) next.startCall(call, headers)
      else {
        val why = if (sent.isEmpty) "missing bearer token" else "wrong bearer token"
        val refusal = RepositoryService.failure(com.google.rpc.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
          s"$why (send 'authorization: Bearer <session token>')")
        call.close(refusal.getStatus, Option(refusal.getTrailers).getOrElse(new Metadata()))
        new ServerCall.Listener[Q] {}
      }
    }
  }
}
