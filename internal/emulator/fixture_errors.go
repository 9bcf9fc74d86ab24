package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// valueError is a fixture value its type refuses (a duration or a rate),
// kept with the value so that the error can say where it stands.
type valueError struct {
	value any // as encoding/json decodes it: a string or a float64
	err   error
}

func (e *valueError) Error() string { return e.err.Error() }

// fieldError is an error in the fixture's field at path, such as
// instances[1] or invokeCommand.default.
type fieldError struct {
	path string
	err  error
}

func (e *fieldError) Error() string { return e.path + ": " + e.err.Error() }

func (e *fieldError) Unwrap() error { return e.err }

// placeError says where in the fixture raw the error err of decoding it
// stands: its line and the field's path, such as instances[1].status.
func placeError(raw []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var value *valueError
	var field *fieldError
	switch {
	case errors.As(err, &field):
		_, line := locate(raw, func(path string, _ int64, _ bool, _ json.Token) bool {
			return path == field.path || strings.HasPrefix(path, field.path+".") || strings.HasPrefix(path, field.path+"[")
		})
		return fmt.Errorf("line %d: %w", line, err)
	case errors.As(err, &syntax):
		return fmt.Errorf("line %d: %w", lineAt(raw, syntax.Offset), err)
	case errors.As(err, &typ):
		at, line := locate(raw, func(_ string, offset int64, _ bool, _ json.Token) bool { return offset >= typ.Offset })
		return fmt.Errorf("line %d: %s: %s is not a %s", line, at, typ.Value, jsonKind(typ))
	case errors.As(err, &value):
		at, line := locate(raw, func(_ string, _ int64, key bool, tok json.Token) bool { return !key && tok == value.value })
		return fmt.Errorf("line %d: %s: %w", line, at, value.err)
	}
	// Go's decoder says no more than `json: unknown field "name"`.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, uerr := strconv.Unquote(name); uerr == nil {
			at, line := locate(raw, func(_ string, _ int64, key bool, tok json.Token) bool { return key && tok == name })
			return fmt.Errorf("line %d: %s: unknown field; the fixture reference lists the fields", line, at)
		}
	}
	return err
}

// jsonKind names what a field of typ's Go type is written as in JSON.
func jsonKind(typ *json.UnmarshalTypeError) string {
	switch typ.Type.Kind().String() {
	case "string":
		return "string"
	case "bool":
		return "boolean (true or false)"
	case "int", "int64":
		return "whole number"
	case "float64":
		return "number"
	case "slice":
		return "list ([...])"
	}
	return "object ({...})"
}

// lineAt is the line of raw that offset falls on, from 1.
func lineAt(raw []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(raw)))
	return 1 + bytes.Count(raw[:offset], []byte("\n"))
}

// jsonFrame is one object or array the walk of locate is inside.
type jsonFrame struct {
	object, wantKey bool
	key             string
	index           int
}

// jsonPath is where the walk stands, outermost first.
type jsonPath []*jsonFrame

// String writes the path as instances[2].status.
func (p jsonPath) String() string {
	var b strings.Builder
	for _, f := range p {
		if !f.object {
			fmt.Fprintf(&b, "[%d]", f.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(f.key)
	}
	return b.String()
}

// afterValue moves the innermost container past the value it held.
func (p jsonPath) afterValue() {
	if len(p) == 0 {
		return
	}
	if top := p[len(p)-1]; top.object {
		top.wantKey = true
	} else {
		top.index++
	}
}

// locate walks every key and value of the JSON document raw, in order,
// with its path and the offset just past it, and returns the path and the
// line of the first that match accepts; "" and 0 if none does.
func locate(raw []byte, match func(path string, offset int64, key bool, tok json.Token) bool) (string, int) {
	var path jsonPath
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", 0
		}
		offset := dec.InputOffset()
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				path = append(path, &jsonFrame{object: d == '{', wantKey: d == '{'})
			} else {
				path = path[:len(path)-1]
				path.afterValue()
			}
			continue
		}
		key := len(path) > 0 && path[len(path)-1].wantKey
		if key {
			top := path[len(path)-1]
			top.key, _ = tok.(string) // an object's keys are strings
			top.wantKey = false
		}
		if match(path.String(), offset, key, tok) {
			return path.String(), lineAt(raw, offset)
		}
		if !key {
			path.afterValue()
		}
	}
}
