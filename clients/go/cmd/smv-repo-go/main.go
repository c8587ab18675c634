// Command smv-repo-go asks an SMV repository server about its datasets, from Go.
//
//	smv-repo-go --address unix:/path | host:port [--token-file F] [--deadline 30s] COMMAND
//
// Commands: info (protocol, implementation, capabilities, stages), list [STAGE] (urns,
// one per line), datasets [STAGE] (urn, kind, language, dependencies; tab-separated),
// graph [STAGE] (the dependency graph as Graphviz DOT). The token comes from --token-file
// or $SMV_REPOSITORY_TOKEN. A failed call prints one line (status, reason, message), exit 1;
// bad arguments exit 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"smv/clients/go/smvrepo"
)

const tokenEnv = "SMV_REPOSITORY_TOKEN"

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	err := run(os.Args[1:], os.Stdout)
	var usage usageError
	switch {
	case err == nil:
	case errors.As(err, &usage):
		fmt.Fprintf(os.Stderr, "smv-repo-go: %s\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "smv-repo-go: %s\n", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("smv-repo-go", flag.ContinueOnError)
	address := flags.String("address", "", "unix:/path or host:port of the repository server")
	tokenFile := flags.String("token-file", "", "file holding the bearer token (else $"+tokenEnv+")")
	deadline := flags.Duration("deadline", 30*time.Second, "deadline of each call")
	if err := flags.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	rest := flags.Args()
	if *address == "" || len(rest) == 0 {
		return usageError{"usage: smv-repo-go --address unix:/path|host:port [--token-file F] info|list|datasets|graph [STAGE]"}
	}
	token, err := readToken(*tokenFile)
	if err != nil {
		return usageError{err.Error()}
	}
	client, err := smvrepo.Dial(*address, token, *deadline)
	if err != nil {
		return usageError{err.Error()}
	}
	defer client.Close()
	stage := ""
	if len(rest) > 1 {
		stage = rest[1]
	}
	switch rest[0] {
	case "info":
		info, err := client.Info()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "protocol %s\nimplementation %s (%s)\ncapabilities %s\nstages %s\n",
			info.GetProtocolVersion(), info.GetImplementationVersion(), info.GetImplementationLanguage(),
			strings.Join(info.GetCapabilities(), ","), strings.Join(info.GetStages(), ","))
		return err
	case "list":
		urns, err := client.List(stage)
		if err != nil {
			return err
		}
		for _, u := range urns {
			fmt.Fprintln(out, u)
		}
		return nil
	case "datasets", "graph":
		datasets, err := client.Datasets(stage)
		if err != nil {
			return err
		}
		if rest[0] == "graph" {
			return smvrepo.WriteDot(out, datasets)
		}
		return smvrepo.WriteTable(out, datasets)
	default:
		return usageError{fmt.Sprintf("unknown command %q (expected info, list, datasets or graph)", rest[0])}
	}
}

func readToken(file string) (string, error) {
	if file == "" {
		if token := strings.TrimSpace(os.Getenv(tokenEnv)); token != "" {
			return token, nil
		}
		return "", fmt.Errorf("no bearer token: give --token-file or set $%s", tokenEnv)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("reading the token file: %w", err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("token file %s is empty", file)
	}
	return token, nil
}
