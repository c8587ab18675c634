package smvrepo

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "smv/clients/go/gen/repositoryv1"
)

// repository is a real gRPC server of the generated service with two datasets, behind a token.
type repository struct {
	pb.UnimplementedSmvDataSetRepositoryServer
}

var served = []*pb.DataSetMetadata{
	{Urn: "urn:smv:mod:s1.In", Kind: pb.DataSetKind_DATA_SET_KIND_INPUT, Language: pb.Language_LANGUAGE_SCALA, Stage: "s1"},
	{Urn: "urn:smv:mod:s2.Out", Kind: pb.DataSetKind_DATA_SET_KIND_MODULE, Language: pb.Language_LANGUAGE_PYTHON,
		Stage: "s2", DependencyUrns: []string{"urn:smv:link:s1.In", "urn:smv:mod:s2.Ext"}},
}

func (repository) ListDataSets(_ context.Context, r *pb.ListDataSetsRequest) (*pb.ListDataSetsResponse, error) {
	var urns []string
	for _, m := range served {
		if r.Stage == nil || r.GetStage() == m.GetStage() {
			urns = append(urns, m.GetUrn())
		}
	}
	return &pb.ListDataSetsResponse{Urns: urns}, nil
}

func (repository) BatchGetMetadata(_ context.Context, r *pb.BatchGetMetadataRequest) (*pb.BatchGetMetadataResponse, error) {
	var found []*pb.DataSetMetadata
	for _, urn := range r.GetUrns() {
		for _, m := range served {
			if m.GetUrn() == urn {
				found = append(found, m)
			}
		}
	}
	return &pb.BatchGetMetadataResponse{DataSets: found}, nil
}

func serve(t *testing.T, token string) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "repo.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	server := grpc.NewServer(grpc.UnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo,
		handler grpc.UnaryHandler) (any, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer "+token {
			return nil, status.Error(codes.Unauthenticated, "missing or wrong bearer token")
		}
		return handler(ctx, req)
	}))
	pb.RegisterSmvDataSetRepositoryServer(server, repository{})
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)
	return "unix:" + socket
}

func TestDatasetsOverUnixSocketWithToken(t *testing.T) {
	client, err := Dial(serve(t, "secret"), "secret", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	datasets, err := client.Datasets("")
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := WriteTable(&table, datasets); err != nil {
		t.Fatal(err)
	}
	want := "urn:smv:mod:s1.In\tinput\tscala\t-\n" +
		"urn:smv:mod:s2.Out\tmodule\tpython\turn:smv:link:s1.In,urn:smv:mod:s2.Ext\n"
	if table.String() != want {
		t.Fatalf("table:\n%s\nwant:\n%s", table.String(), want)
	}
	only, err := client.List("s2")
	if err != nil || len(only) != 1 || only[0] != "urn:smv:mod:s2.Out" {
		t.Fatalf("List(s2) = %v, %v", only, err)
	}
}

func TestGraphMarksLinksAndForeignDatasets(t *testing.T) {
	var dot bytes.Buffer
	if err := WriteDot(&dot, []Dataset{
		{Urn: "urn:smv:mod:s1.In", Kind: "input", Language: "scala", Stage: "s1"},
		{Urn: "urn:smv:mod:s2.Out", Kind: "module", Language: "python", Stage: "s2",
			Dependencies: []string{"urn:smv:link:s1.In", "urn:smv:mod:s2.Ext"}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"urn:smv:mod:s1.In" -> "urn:smv:mod:s2.Out" [style=dashed, label="link"];`,
		`"urn:smv:mod:s2.Ext" [label="s2.Ext", style=dotted];`,
		`"urn:smv:mod:s2.Ext" -> "urn:smv:mod:s2.Out";`,
		`label="s2";`,
	} {
		if !strings.Contains(dot.String(), want) {
			t.Errorf("graph lacks %s:\n%s", want, dot.String())
		}
	}
}

func TestWrongTokenIsReportedWithItsStatus(t *testing.T) {
	client, err := Dial(serve(t, "secret"), "not-the-token", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	_, err = client.List("")
	if err == nil || !strings.Contains(err.Error(), "ListDataSets: Unauthenticated") {
		t.Fatalf("want an Unauthenticated error naming the call, got %v", err)
	}
}

func TestDialRefusesBadArguments(t *testing.T) {
	if _, err := Dial("unix:/tmp/x.sock", "", time.Second); err == nil || !strings.Contains(err.Error(), "token") {
		t.Fatalf("empty token: %v", err)
	}
	if _, err := Dial("nocolon", "t", time.Second); err == nil || !strings.Contains(err.Error(), "neither") {
		t.Fatalf("bad target: %v", err)
	}
}
