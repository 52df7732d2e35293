//go:build wasip1

package main

import (
	"unsafe"

	"github.com/hardened-workloads/go/kubernetes-reader/read"
)

// A reactor (-buildmode=c-shared): the host asks for an input buffer, writes the file into it,
// calls readFile, then copies the result from resultPointer.
var input, result []byte

//go:wasmexport inputBuffer
func inputBuffer(size int32) int32 {
	input = make([]byte, size)
	if size == 0 {
		return 0
	}
	return int32(uintptr(unsafe.Pointer(&input[0])))
}

//go:wasmexport readFile
func readFile() int32 {
	result = read.JSON(input)
	input = nil
	return int32(len(result))
}

//go:wasmexport resultPointer
func resultPointer() int32 {
	return int32(uintptr(unsafe.Pointer(&result[0])))
}

func main() {}
