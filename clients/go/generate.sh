#!/usr/bin/env bash
# Generates the Go code of the contract from proto/ alone, into clients/go/gen/ (gitignored,
# never edited), with the code generators pinned as tools in go.mod (protoc-gen-go,
# protoc-gen-go-grpc) and the protoc of the pinned grpcio-tools; then builds
# target/go-bin/smv-repo-go. bin/setup runs it; run it again after changing proto/.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
bin="$root/target/go-bin"
python="${SMV_PYTHON:-$root/.venv/bin/python}"
mkdir -p "$bin"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
go build -o "$bin/" google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc
# The proto names no Go package (it is language-neutral): the M option gives it one here.
package="Msmv/repository/v1/repository.proto=smv/clients/go/gen/repositoryv1;repositoryv1"
out="${1:-.}"
rm -rf "$out/gen" && mkdir -p "$out/gen"
"$python" -m grpc_tools.protoc -I "$root/proto" \
  --plugin=protoc-gen-go="$bin/protoc-gen-go" --plugin=protoc-gen-go-grpc="$bin/protoc-gen-go-grpc" \
  --go_out="$out" --go_opt=module=smv/clients/go,"$package" \
  --go-grpc_out="$out" --go-grpc_opt=module=smv/clients/go,"$package" \
  smv/repository/v1/repository.proto
[ "$out" = . ] && go build -o "$bin/smv-repo-go" ./cmd/smv-repo-go
exit 0
