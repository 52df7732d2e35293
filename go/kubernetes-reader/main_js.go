//go:build js && wasm

package main

import (
	"os"
	"syscall/js"

	"github.com/hardened-workloads/go/kubernetes-reader/read"
)

// The loader (src/audit/wasm) passes, as the program's only argument, the name of a global under
// which the program leaves its function; the loader takes it and deletes the global, so two
// modules never share a name.
func main() {
	if len(os.Args) < 2 {
		panic("usage: kubernetes-reader <global name for the export>")
	}
	readFile := js.FuncOf(func(_ js.Value, args []js.Value) any {
		input := make([]byte, args[0].Length())
		js.CopyBytesToGo(input, args[0])
		return string(read.JSON(input))
	})
	js.Global().Set(os.Args[1], readFile)
	select {}
}
