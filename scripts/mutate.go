//go:build ignore

// Command mutate runs gremlins over the packages whose unit tests guard the
// provider's seams, prints each package's figures, and fails below the
// targets. `make mutate` runs it:
//
//	go run scripts/mutate.go -gremlins bin/gremlins [-workers 2] [-timeout-coefficient 10] [package...]
//
// The targets are on gremlins' own figures. Gremlins counts as not covered
// two kinds of mutant it cannot place in Go's coverage blocks, whatever the
// tests do: conditions of switch cases (go-gremlins/gremlins#298) and
// package-level declarations; the packages with a coverage target use if
// statements rather than tagless switches, and how many of the mutants not
// covered are of those kinds is printed. Gremlins also turns string
// concatenations into subtractions, which do not compile, and counts the
// failed builds as killed: the efficacy without them is printed too.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
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
	// uncompilable of the killed did not compile.
	uncompilable int
}

// efficacy is gremlins' test efficacy, on which the target is set.
func (f figures) efficacy() float64 { return percent(f.killed, f.killed+f.lived) }

// compilingEfficacy leaves out the mutants that did not compile.
func (f figures) compilingEfficacy() float64 {
	return percent(f.killed-f.uncompilable, f.killed-f.uncompilable+f.lived)
}

// coverage is gremlins' mutator coverage.
func (f figures) coverage() float64 {
	return percent(f.killed+f.lived, f.killed+f.lived+f.notCovered)
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
		targets = named(flag.Args())
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

	if !printFigures(results) {
		os.Exit(1)
	}
}

// named are the targets of the packages named, e.g. internal/emulator.
func named(packages []string) []target {
	var some []target
	var names []string
	for _, t := range targets {
		if slices.Contains(packages, t.pkg) {
			some = append(some, t)
		}
		names = append(names, t.pkg)
	}
	if len(some) != len(packages) {
		fail(fmt.Errorf("the packages are %s", strings.Join(names, ", ")))
	}
	return some
}

// printFigures prints each target's figures, and whether it reached its
// targets; it reports whether all did.
func printFigures(results []figures) bool {
	fmt.Printf("\n%-20s %6s %12s %5s %9s %11s %11s %9s %18s %9s\n", "package", "killed", "not compiling",
		"lived", "timed out", "not covered", "unplaceable", "efficacy", "compiling efficacy", "coverage")
	ok := true
	for i, t := range targets {
		f := results[i]
		fmt.Printf("%-20s %6d %13d %5d %9d %11d %11d %8.1f%% %17.1f%% %8.1f%%\n", t.pkg, f.killed, f.uncompilable,
			f.lived, f.timedOut, f.notCovered, f.unplaceable, f.efficacy(), f.compilingEfficacy(), f.coverage())
		if f.efficacy() < t.efficacy {
			fmt.Printf("  %s: efficacy %.1f%% is below its target of %.0f%%\n", t.pkg, f.efficacy(), t.efficacy)
			ok = false
		}
		if f.coverage() < t.coverage {
			fmt.Printf("  %s: mutator coverage %.1f%% is below its target of %.0f%%\n", t.pkg, f.coverage(), t.coverage)
			ok = false
		}
	}
	return ok
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
	src, err := load(pkg)
	if err != nil {
		return f, err
	}
	for _, file := range r.Files {
		for _, m := range file.Mutations {
			switch m.Status {
			case "KILLED":
				f.killed++
				if m.Type == "ARITHMETIC_BASE" && src.is(src.concatenations, file.Name, m.Line, m.Column) {
					f.uncompilable++
				}
			case "LIVED":
				f.lived++
			case "TIMED OUT":
				f.timedOut++
			case "NOT VIABLE":
				f.notViable++
			case "NOT COVERED":
				f.notCovered++
				if src.is(src.blindSpots, file.Name, m.Line, m.Column) {
					f.unplaceable++
				}
			}
		}
	}
	return f, nil
}

// source is a package's files, parsed and type-checked, to tell which
// mutants gremlins reports but cannot have tested.
type source struct {
	fset  *token.FileSet
	files map[string]*token.File
	// blindSpots are what no coverage block holds: switch cases'
	// expressions and package-level declarations.
	blindSpots map[string][][2]token.Pos
	// concatenations are the operators of string concatenations: gremlins
	// turns "+" into "-", which does not compile, and counts the failed
	// build as a killed mutant.
	concatenations map[string][][2]token.Pos
}

func load(dir string) (*source, error) {
	pkg, err := build.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	src := &source{fset: token.NewFileSet(), files: map[string]*token.File{},
		blindSpots: map[string][][2]token.Pos{}, concatenations: map[string][][2]token.Pos{}}
	var files []*ast.File
	for _, name := range pkg.GoFiles {
		file, err := parser.ParseFile(src.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, file)
		src.files[name] = src.fset.File(file.Pos())
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(src.fset, "source", nil)}
	if _, err := conf.Check(dir, src.fset, files, info); err != nil {
		return nil, err
	}
	for i, file := range files {
		name := pkg.GoFiles[i]
		for _, decl := range file.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok {
				src.blindSpots[name] = append(src.blindSpots[name], [2]token.Pos{gen.Pos(), gen.End()})
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CaseClause:
				if len(n.List) > 0 {
					src.blindSpots[name] = append(src.blindSpots[name], [2]token.Pos{n.List[0].Pos(), n.List[len(n.List)-1].End()})
				}
			case *ast.BinaryExpr:
				if basic, ok := info.TypeOf(n).Underlying().(*types.Basic); ok && n.Op == token.ADD && basic.Info()&types.IsString != 0 {
					src.concatenations[name] = append(src.concatenations[name], [2]token.Pos{n.OpPos, n.OpPos + 1})
				}
			}
			return true
		})
	}
	return src, nil
}

// is reports whether the position of the file falls in one of spans.
func (src *source) is(spans map[string][][2]token.Pos, name string, line, column int) bool {
	tf, ok := src.files[name]
	if !ok || line < 1 || line > tf.LineCount() || column < 1 {
		return false
	}
	pos := tf.LineStart(line) + token.Pos(column-1)
	for _, s := range spans[name] {
		if s[0] <= pos && pos < s[1] {
			return true
		}
	}
	return false
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(1)
}
