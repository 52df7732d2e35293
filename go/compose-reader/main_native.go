//go:build !wasm

package main

import (
	"io"
	"os"
)

// The native build, for the oracle tier: the same loader and module versions as the WebAssembly
// one. Reads one JSON request on stdin and writes one JSON response on stdout; exits 0 even when
// Compose refuses the project (the refusal is the response's error).
func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		data = nil
	}
	_, _ = os.Stdout.Write(respond(data))
}
