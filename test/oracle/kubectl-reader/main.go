// kubectl-reader reads Kubernetes manifest files the way `kubectl apply -f` does, for the
// differential tier (test/oracle): apimachinery's YAMLOrJSONDecoder (a stream that starts with
// `{` is a JSON stream, anything else is split into YAML documents on `---` lines), then
// sigs.k8s.io/yaml's YAMLToJSON (go-yaml v2, non-strict) per document, then the resource
// builder's rule that an empty or null document is skipped.
//
// The splitter is written here from apimachinery's rules (pkg/util/yaml: YAMLReader, LineReader,
// GuessJSONStream) because Debian packages sigs.k8s.io/yaml but not apimachinery.
//
// Protocol (JSON lines, so that one process reads thousands of inputs): each stdin line is a JSON
// string, the bytes of one file; each stdout line is {"docs": [<JSON of each document>]} or
// {"error": "<what kubectl would report>", "docs": [<documents read before the error>]}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"sigs.k8s.io/yaml"
)

// The number of bytes apimachinery peeks at to guess a JSON stream (kubectl passes 4096).
const jsonGuessBytes = 4096

type result struct {
	Docs  []json.RawMessage `json:"docs"`
	Error *string           `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 256<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var file string
		if err := json.Unmarshal(in.Bytes(), &file); err != nil {
			fmt.Fprintln(os.Stderr, "kubectl-reader: bad input line:", err)
			os.Exit(2)
		}
		encoded, err := json.Marshal(read([]byte(file)))
		if err != nil {
			fmt.Fprintln(os.Stderr, "kubectl-reader: cannot encode a result:", err)
			os.Exit(2)
		}
		out.Write(encoded)
		out.WriteByte('\n')
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "kubectl-reader:", err)
		os.Exit(2)
	}
}

func read(file []byte) (res result) {
	res.Docs = []json.RawMessage{}
	defer func() {
		// go-yaml v2 panics on some inputs that kubectl then reports as an error.
		if p := recover(); p != nil {
			message := fmt.Sprint("panic: ", p)
			res.Error = &message
		}
	}()
	fail := func(err error) result {
		message := err.Error()
		res.Error = &message
		return res
	}
	guess := file
	if len(guess) > jsonGuessBytes {
		guess = guess[:jsonGuessBytes]
	}
	if bytes.HasPrefix(bytes.TrimLeftFunc(guess, unicode.IsSpace), []byte("{")) {
		decoder := json.NewDecoder(bytes.NewReader(file))
		for {
			var raw json.RawMessage
			if err := decoder.Decode(&raw); err != nil {
				if err == io.EOF {
					return res
				}
				return fail(err)
			}
			if err := keep(&res, raw); err != nil {
				return fail(err)
			}
		}
	}
	lines := bufio.NewReader(bytes.NewReader(file))
	for {
		document, err := readDocument(lines)
		if err != nil && err != io.EOF {
			return fail(err)
		}
		if len(document) != 0 {
			converted, convertErr := yaml.YAMLToJSON(document)
			if convertErr != nil {
				return fail(convertErr)
			}
			if keepErr := keep(&res, converted); keepErr != nil {
				return fail(keepErr)
			}
		}
		if err == io.EOF {
			return res
		}
	}
}

// keep adds a document unless the resource builder would skip it (empty or null), after a
// round trip through a generic value, as kubectl's unstructured decoding does.
func keep(res *result, raw []byte) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var value interface{}
	if err := decoder.Decode(&value); err != nil {
		return err
	}
	normalised, err := json.Marshal(value)
	if err != nil {
		return err
	}
	res.Docs = append(res.Docs, normalised)
	return nil
}

// readDocument is apimachinery's YAMLReader.Read: lines up to the next line that starts with
// `---`; what follows `---` on that line, trimmed, must be empty or a comment.
func readDocument(lines *bufio.Reader) ([]byte, error) {
	var buffer bytes.Buffer
	for {
		line, err := readLine(lines)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if bytes.Index(line, []byte("---")) == 0 {
			trimmed := strings.TrimSpace(string(line[3:]))
			if len(trimmed) > 0 && trimmed[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", trimmed)
			}
			if buffer.Len() != 0 {
				return buffer.Bytes(), nil
			}
			if err == io.EOF {
				return nil, err
			}
		}
		if err == io.EOF {
			if buffer.Len() != 0 {
				return buffer.Bytes(), nil
			}
			return nil, err
		}
		buffer.Write(line)
	}
}

// readLine is apimachinery's LineReader.Read: one line without its "\n" or "\r\n", plus "\n".
func readLine(lines *bufio.Reader) ([]byte, error) {
	var (
		isPrefix = true
		err      error
		line     []byte
		buffer   bytes.Buffer
	)
	for isPrefix && err == nil {
		line, isPrefix, err = lines.ReadLine()
		buffer.Write(line)
	}
	buffer.WriteByte('\n')
	return buffer.Bytes(), err
}
