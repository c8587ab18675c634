package smv
package grpc

import java.io.{ByteArrayInputStream, InputStream}

import scala.jdk.CollectionConverters._
import scala.util.control.NonFatal

import com.google.protobuf.{Any => PbAny}
import com.google.rpc.{Code, ErrorInfo}
import io.grpc._
import io.grpc.protobuf.StatusProto

/** A service whose requests that do not parse are answered INVALID_ARGUMENT (reason
  * INVALID_REQUEST), as the Python server answers them. Left to itself, grpc-java answers
  * a marshaller failure with UNKNOWN "Application error processing RPC" and logs an ERROR
  * stack trace per bad request, which lets any caller flood the log.
  */
object StrictParsing {
  def apply(service: ServerServiceDefinition): ServerServiceDefinition = {
    val old = service.getServiceDescriptor
    val methods = service.getMethods.asScala.toSeq.map(m => wrap(m))
    val descriptor = methods.foldLeft(ServiceDescriptor.newBuilder(old.getName).setSchemaDescriptor(old.getSchemaDescriptor))(
      (b, m) => b.addMethod(m.getMethodDescriptor)).build()
    methods.foldLeft(ServerServiceDefinition.builder(descriptor))((b, m) => b.addMethod(m)).build()
  }

  private object Bytes extends MethodDescriptor.Marshaller[Array[Byte]] {
    def stream(value: Array[Byte]): InputStream = new ByteArrayInputStream(value)
    def parse(stream: InputStream): Array[Byte] = stream.readAllBytes()
  }

  private def wrap[Q, R](definition: ServerMethodDefinition[Q, R]): ServerMethodDefinition[Array[Byte], R] = {
    val typed = definition.getMethodDescriptor
    val raw = typed.toBuilder(Bytes, typed.getResponseMarshaller).build()
    ServerMethodDefinition.create(raw, new ServerCallHandler[Array[Byte], R] {
      def startCall(call: ServerCall[Array[Byte], R], headers: Metadata): ServerCall.Listener[Array[Byte]] = {
        val asTyped = new ForwardingServerCall.SimpleForwardingServerCall[Q, R](call.asInstanceOf[ServerCall[Q, R]]) {
          override def getMethodDescriptor: MethodDescriptor[Q, R] = typed
        }
        val inner = definition.getServerCallHandler.startCall(asTyped, headers)
        new ServerCall.Listener[Array[Byte]] {
          @volatile private var refused = false
          override def onMessage(bytes: Array[Byte]): Unit = if (!refused) {
            val parsed = try Right(typed.parseRequest(new ByteArrayInputStream(bytes))) catch { case NonFatal(e) => Left(e) }
            parsed match {
              case Right(request) => inner.onMessage(request)
              case Left(e) =>
                refused = true
                val status = invalid(s"${typed.getFullMethodName}: the request is not a valid ${typed.getFullMethodName.split('/').last} " +
                  s"request message (${Option(e.getCause).getOrElse(e).getMessage})")
                call.close(status.getStatus, Option(status.getTrailers).getOrElse(new Metadata()))
            }
          }
          override def onHalfClose(): Unit = if (!refused) inner.onHalfClose()
          override def onCancel(): Unit = inner.onCancel()
          override def onComplete(): Unit = inner.onComplete()
          override def onReady(): Unit = if (!refused) inner.onReady()
        }
      }
    })
  }

  private def invalid(message: String): StatusRuntimeException =
    StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT.getNumber)
      .setMessage(message).addDetails(PbAny.pack(ErrorInfo.newBuilder().setReason("INVALID_REQUEST")
        .setDomain(RepositoryService.Domain).build())).build())
}
