//go:build ignore

// Command mutate runs gremlins over the packages whose unit tests guard the
// provider's seams, prints each package's figures, and fails below the
// targets. `make mutate` runs it:
//
//	go run scripts/mutate.go -gremlins bin/gremlins [-workers 2] [-timeout-coefficient 10] [package...]
//
// Gremlins counts as not covered two kinds of mutant it cannot place in Go's
// coverage blocks, whatever the tests do: conditions of switch cases
// (go-gremlins/gremlins#298) and package-level declarations. The coverage
// target applies to the other mutants; both figures are printed.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// target is a package and the least efficacy and coverage it must reach, in
// percent; 0 means no target.
type target struct {
	pkg                string
	efficacy, coverage float64
}

var targets = []target{
	{pkg: "internal/swasclient", efficacy: 95, coverage: 85},
	{pkg: "internal/auth", efficacy: 95, coverage: 85},
	{pkg: "internal/emulator", efficacy: 95},
}

// report is the part of gremlins' --output file read here.
type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

type figures struct {
	killed, lived, timedOut, notViable, notCovered, unplaceable int
}

func (f figures) efficacy() float64 { return percent(f.killed, f.killed+f.lived) }

// coverage is gremlins' mutator coverage.
func (f figures) coverage() float64 {
	return percent(f.killed+f.lived, f.killed+f.lived+f.notCovered)
}

// placedCoverage leaves out the mutants gremlins cannot place.
func (f figures) placedCoverage() float64 {
	return percent(f.killed+f.lived, f.killed+f.lived+f.notCovered-f.unplaceable)
}

func percent(n, of int) float64 {
	if of == 0 {
		return 100
	}
	return 100 * float64(n) / float64(of)
}

func main() {
	gremlins := flag.String("gremlins", "bin/gremlins", "the gremlins binary")
	workers := flag.Int("workers", 2, "mutants tested at once")
	coefficient := flag.Int("timeout-coefficient", 10, "a mutant's tests time out after this many times the unmutated tests' time")
	flag.Parse()
	if flag.NArg() > 0 {
		// Only the packages named, e.g. internal/emulator.
		var some []target
		var names []string
		for _, t := range targets {
			if slices.Contains(flag.Args(), t.pkg) {
				some = append(some, t)
			}
			names = append(names, t.pkg)
		}
		if len(some) != flag.NArg() {
			fail(fmt.Errorf("the packages are %s", strings.Join(names, ", ")))
		}
		targets = some
	}

	work, err := os.MkdirTemp("", "swas-mutate")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)

	results := make([]figures, len(targets))
	for i, t := range targets {
		fmt.Printf("\n== %s\n", t.pkg)
		out := filepath.Join(work, strings.ReplaceAll(t.pkg, "/", "_")+".json")
		cmd := exec.Command(*gremlins, "unleash", "--workers", fmt.Sprint(*workers),
			"--timeout-coefficient", fmt.Sprint(*coefficient), "--output", out,
			// Only what needs a look: lived, timed out and not covered.
			"--output-statuses", "ltc", "./"+t.pkg)
		// The timeout is measured on the coverage run: a cached one would
		// make it a fraction of what a mutant's run takes.
		cmd.Env = append(os.Environ(), "GOFLAGS=-count=1")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fail(fmt.Errorf("gremlins on %s: %w", t.pkg, err))
		}
		if results[i], err = read(out, t.pkg); err != nil {
			fail(err)
		}
	}

	fmt.Printf("\n%-20s %6s %5s %9s %11s %11s %9s %9s %15s\n", "package", "killed", "lived", "timed out",
		"not covered", "unplaceable", "efficacy", "coverage", "placed coverage")
	failed := false
	for i, t := range targets {
		f := results[i]
		fmt.Printf("%-20s %6d %5d %9d %11d %11d %8.1f%% %8.1f%% %14.1f%%\n", t.pkg, f.killed, f.lived, f.timedOut,
			f.notCovered, f.unplaceable, f.efficacy(), f.coverage(), f.placedCoverage())
		if f.efficacy() < t.efficacy {
			fmt.Printf("  %s: efficacy %.1f%% is below its target of %.0f%%\n", t.pkg, f.efficacy(), t.efficacy)
			failed = true
		}
		if f.placedCoverage() < t.coverage {
			fmt.Printf("  %s: placed coverage %.1f%% is below its target of %.0f%%\n", t.pkg, f.placedCoverage(), t.coverage)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// read counts the mutants of gremlins' report on pkg.
func read(path, pkg string) (figures, error) {
	var f figures
	data, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	for _, file := range r.Files {
		var unplaceable func(line, column int) bool
		for _, m := range file.Mutations {
			switch m.Status {
			case "KILLED":
				f.killed++
			case "LIVED":
				f.lived++
			case "TIMED OUT":
				f.timedOut++
			case "NOT VIABLE":
				f.notViable++
			case "NOT COVERED":
				f.notCovered++
				if unplaceable == nil {
					if unplaceable, err = blindSpots(filepath.Join(pkg, file.Name)); err != nil {
						return f, err
					}
				}
				if unplaceable(m.Line, m.Column) {
					f.unplaceable++
				}
			}
		}
	}
	return f, nil
}

// blindSpots reports whether a position of the file is one no coverage
// block holds: a switch case's expressions, or a package-level declaration.
func blindSpots(path string) (func(line, column int) bool, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var spans [][2]token.Pos
	for _, decl := range file.Decls {
		if gen, ok := decl.(*ast.GenDecl); ok {
			spans = append(spans, [2]token.Pos{gen.Pos(), gen.End()})
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if clause, ok := n.(*ast.CaseClause); ok && len(clause.List) > 0 {
			spans = append(spans, [2]token.Pos{clause.List[0].Pos(), clause.List[len(clause.List)-1].End()})
		}
		return true
	})
	tf := fset.File(file.Pos())
	return func(line, column int) bool {
		if line < 1 || line > tf.LineCount() || column < 1 {
			return false
		}
		pos := tf.LineStart(line) + token.Pos(column-1)
		for _, s := range spans {
			if s[0] <= pos && pos < s[1] {
				return true
			}
		}
		return false
	}, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(1)
}
