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

// Result is what kubectl reads from one file: the JSON of each document the decoder returned, in
// order (`null` for the empty and null documents kubectl then skips, so that the caller can pair
// documents with the text they came from), and the error that stops it, if any.
type Result struct {
	Docs  []json.RawMessage `json:"docs"`
	Error string            `json:"error,omitempty"`
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
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			raw = json.RawMessage("null")
		}
		res.Docs = append(res.Docs, asSent(raw))
	}
}

// asSent is a document as kubectl goes on to read it (encoding/json into unstructured values, with
// exact numbers): a lone surrogate escape becomes U+FFFD and the last of duplicate keys wins.
func asSent(raw json.RawMessage) json.RawMessage {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return raw
	}
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return raw
	}
	return bytes.TrimSpace(out.Bytes())
}

// JSON is File's result as JSON text (what the WebAssembly exports return).
func JSON(file []byte) []byte {
	encoded, err := json.Marshal(File(file))
	if err != nil {
		encoded, _ = json.Marshal(Result{Docs: []json.RawMessage{}, Error: "cannot encode the result: " + err.Error()})
	}
	return encoded
}
