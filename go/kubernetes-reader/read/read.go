// Package read reads a Kubernetes manifest file exactly as `kubectl create -f` / `kubectl apply -f`
// do: k8s.io/cli-runtime's StreamVisitor runs k8s.io/apimachinery's YAMLOrJSONDecoder (a JSON stream
// when the file starts with `{`, else YAML documents cut on `---` lines, each converted by
// sigs.k8s.io/yaml, go-yaml v2 non-strict) and skips documents that are empty or null.
package read

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/util/yaml"
)

// kubectl's buffer for guessing a JSON stream (cli-runtime's StreamVisitor passes 4096).
const jsonGuessBytes = 4096

// Result is what kubectl reads from one file: the JSON of each document it would send, in order,
// and the error that stops it (after the documents read before it), if any.
type Result struct {
	Docs []json.RawMessage `json:"docs"`
	// Decoded counts the documents the decoder returned before the error, skipped ones included:
	// it tells the caller which document of the stream the error is in.
	Decoded int    `json:"decoded"`
	Error   string `json:"error,omitempty"`
}

// File reads one manifest file. It never panics: go-yaml panics on some inputs, which kubectl
// reports as an error.
func File(file []byte) (res Result) {
	res.Docs = []json.RawMessage{}
	defer func() {
		if p := recover(); p != nil {
			res.Error = fmt.Sprint("panic: ", p)
		}
	}()
	decoder := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(file), jsonGuessBytes)
	for {
		// json.RawMessage stands for kubectl's runtime.RawExtension: both are json.Unmarshalers that
		// keep the bytes, so sigs.k8s.io/yaml converts the document without a target type in both.
		var raw json.RawMessage
		if err := decoder.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				return res
			}
			res.Error = err.Error()
			return res
		}
		res.Decoded++
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		res.Docs = append(res.Docs, raw)
	}
}

// JSON is File's result as JSON text (what the WebAssembly exports return).
func JSON(file []byte) []byte {
	encoded, err := json.Marshal(File(file))
	if err != nil {
		encoded, _ = json.Marshal(Result{Docs: []json.RawMessage{}, Error: "cannot encode the result: " + err.Error()})
	}
	return encoded
}
