//go:build !wasm

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/hardened-workloads/go/kubernetes-reader/read"
)

// The native build, for the differential fuzzer and the oracle tier: the same decoder, same module
// versions. Protocol (JSON lines, so one process reads many inputs): each stdin line is a JSON
// string, the text of one file; each stdout line is that file's read.Result.
func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 256<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	for in.Scan() {
		var file string
		if err := json.Unmarshal(in.Bytes(), &file); err != nil {
			fmt.Fprintln(os.Stderr, "kubernetes-reader: bad input line:", err)
			os.Exit(2)
		}
		out.Write(read.JSON([]byte(file)))
		out.WriteByte('\n')
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "kubernetes-reader:", err)
		os.Exit(2)
	}
}
