package smvrepo

import (
	"fmt"
	"io"
	"strings"
)

// WriteTable prints one line per dataset: urn, kind, language, dependencies (comma-separated, "-" for none).
func WriteTable(w io.Writer, datasets []Dataset) error {
	for _, d := range datasets {
		deps := strings.Join(d.Dependencies, ",")
		if deps == "" {
			deps = "-"
		}
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", d.Urn, d.Kind, d.Language, deps); err != nil {
			return err
		}
	}
	return nil
}

// WriteDot prints the dependency graph as Graphviz DOT: a cluster per stage, a node per dataset
// (labelled with its kind and language), an edge per dependency (dashed for links); the
// dependencies this server does not own appear as plain nodes outside every cluster.
func WriteDot(w io.Writer, datasets []Dataset) error {
	var b strings.Builder
	b.WriteString("digraph smv {\n  rankdir=LR;\n  node [shape=box];\n")
	owned := map[string]bool{}
	var stages []string
	byStage := map[string][]Dataset{}
	for _, d := range datasets {
		owned[d.Urn] = true
		if _, seen := byStage[d.Stage]; !seen {
			stages = append(stages, d.Stage)
		}
		byStage[d.Stage] = append(byStage[d.Stage], d)
	}
	for i, stage := range stages {
		fmt.Fprintf(&b, "  subgraph cluster_%d {\n    label=%q;\n", i, stage)
		for _, d := range byStage[stage] {
			fmt.Fprintf(&b, "    %q [label=%q];\n", d.Urn, fmt.Sprintf("%s\n%s, %s", fqn(d.Urn), d.Kind, d.Language))
		}
		b.WriteString("  }\n")
	}
	foreign := map[string]bool{}
	for _, d := range datasets {
		for _, dep := range d.Dependencies {
			target := strings.Replace(dep, "urn:smv:link:", "urn:smv:mod:", 1)
			if !owned[target] && !foreign[target] {
				foreign[target] = true
				fmt.Fprintf(&b, "  %q [label=%q, style=dotted];\n", target, fqn(target))
			}
			style := ""
			if strings.HasPrefix(dep, "urn:smv:link:") {
				style = " [style=dashed, label=\"link\"]"
			}
			fmt.Fprintf(&b, "  %q -> %q%s;\n", target, d.Urn, style)
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func fqn(urn string) string {
	return urn[strings.LastIndex(urn, ":")+1:]
}
