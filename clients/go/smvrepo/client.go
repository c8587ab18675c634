// Package smvrepo is a Go client of the SMV repository contract (proto/smv/repository/v1),
// built on the code generated from proto/ alone (package repositoryv1, see generate.sh).
package smvrepo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "smv/clients/go/gen/repositoryv1"
)

// Client calls one repository server with its bearer token; every call has a deadline.
type Client struct {
	conn     *grpc.ClientConn
	repo     pb.SmvDataSetRepositoryClient
	deadline time.Duration
}

// Dataset is what the client reports for one dataset.
type Dataset struct {
	Urn          string
	Kind         string // "module" or "input"
	Language     string // "python" or "scala"
	Stage        string
	Dependencies []string
}

// MaxMessageBytes is the largest answer the client accepts, the servers' limit: Python's
// smv.transport.proto.MAX_MESSAGE_BYTES and Scala's smv.grpc.GrpcTransport.MaxMessageBytes (64 MiB). gRPC-Go's
// default of 4 MiB is too small for a 10,000-dataset BatchGetMetadata answer with DQM.
const MaxMessageBytes = 64 << 20

// Dial connects to target: "unix:/path/to/socket" or "host:port" (plaintext, local only).
func Dial(target, token string, deadline time.Duration) (*Client, error) {
	if token == "" {
		return nil, fmt.Errorf("no bearer token: the server refuses calls without one")
	}
	if !strings.HasPrefix(target, "unix:") && !strings.Contains(target, ":") {
		return nil, fmt.Errorf("target %q is neither unix:/path nor host:port", target)
	}
	conn, err := grpc.NewClient(grpcTarget(target),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUnaryInterceptor(bearer(token)),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxMessageBytes)))
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", target, err)
	}
	return &Client{conn: conn, repo: pb.NewSmvDataSetRepositoryClient(conn), deadline: deadline}, nil
}

// grpcTarget passes host:port through as it is (no DNS lookup needed for loopback addresses).
func grpcTarget(target string) string {
	if strings.HasPrefix(target, "unix:") {
		return target
	}
	return "passthrough:///" + target
}

func bearer(token string) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
		invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}

// Close releases the connection.
func (c *Client) Close() error { return c.conn.Close() }

func (c *Client) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), c.deadline)
}

// Info is GetServerInfo.
func (c *Client) Info() (*pb.GetServerInfoResponse, error) {
	ctx, cancel := c.call()
	defer cancel()
	info, err := c.repo.GetServerInfo(ctx, &pb.GetServerInfoRequest{})
	return info, describe("GetServerInfo", err)
}

// List is ListDataSets: the urns of a stage ("" for every stage), sorted.
func (c *Client) List(stage string) ([]string, error) {
	ctx, cancel := c.call()
	defer cancel()
	request := &pb.ListDataSetsRequest{}
	if stage != "" {
		request.Stage = &stage
	}
	listed, err := c.repo.ListDataSets(ctx, request)
	if err != nil {
		return nil, describe("ListDataSets", err)
	}
	return listed.GetUrns(), nil
}

// Datasets lists the datasets of a stage ("" for all) with their metadata, in one batched call.
func (c *Client) Datasets(stage string) ([]Dataset, error) {
	urns, err := c.List(stage)
	if err != nil || len(urns) == 0 {
		return nil, err
	}
	ctx, cancel := c.call()
	defer cancel()
	batch, err := c.repo.BatchGetMetadata(ctx, &pb.BatchGetMetadataRequest{Urns: urns})
	if err != nil {
		return nil, describe("BatchGetMetadata", err)
	}
	datasets := make([]Dataset, 0, len(batch.GetDataSets()))
	for _, m := range batch.GetDataSets() {
		datasets = append(datasets, Dataset{
			Urn: m.GetUrn(), Kind: kindName(m.GetKind()), Language: languageName(m.GetLanguage()),
			Stage: m.GetStage(), Dependencies: m.GetDependencyUrns(),
		})
	}
	return datasets, nil
}

func kindName(k pb.DataSetKind) string {
	return strings.ToLower(strings.TrimPrefix(k.String(), "DATA_SET_KIND_"))
}

func languageName(l pb.Language) string {
	return strings.ToLower(strings.TrimPrefix(l.String(), "LANGUAGE_"))
}

// describe turns a gRPC error into one line: rpc, status code, ErrorInfo reason, message.
func describe(rpc string, err error) error {
	if err == nil {
		return nil
	}
	s, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("%s: %w", rpc, err)
	}
	reason := ""
	for _, d := range s.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			reason = " (" + info.GetReason() + ")"
		}
	}
	return fmt.Errorf("%s: %s%s: %s", rpc, s.Code(), reason, s.Message())
}
